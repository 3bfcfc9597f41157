package io.spotwise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.bench.BenchRun.RunResult;
import io.spotwise.bench.PhaseResult.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's tables and ratios from known phase results (the smoke run checks them on a real run). */
class BenchReportTest {

    private final BenchSettings settings = BenchSettings.of(100, 10, Path.of("target", "report-test"));

    @Test
    void oneRowPerPhaseAndConfigurationAndTheRatioOfTheirWallTimes() {
        RunResult spotwise = run(Pacing.SPOTWISE, Duration.ofSeconds(60), true);
        RunResult reference = run(Pacing.REFERENCE, Duration.ofSeconds(660), true);

        String md = BenchReport.render(settings, List.of(spotwise, reference));

        assertThat(md).contains("## spotwise", "## reference", "## Ratio");
        assertThat(md.lines().filter(l -> l.startsWith("| recovery |"))).hasSize(3);
        assertThat(md).contains("| recovery | 60.00 s | 660.00 s | 11.0× |");
        assertThat(md).as("the window wait (50 s) is taken out of both").contains("| recovery after the fallback windows ended | 10.00 s | 610.00 s | 61.0× |");
        assertThat(md).contains("| 600 | 601 | 6–7 | 1 |");
    }

    @Test
    void aPhaseCutAtItsTimeoutIsComparedByItsProjection() {
        RunResult spotwise = run(Pacing.SPOTWISE, Duration.ofSeconds(60), true);
        RunResult reference = run(Pacing.REFERENCE, Duration.ofSeconds(1200), false);

        String md = BenchReport.render(settings, List.of(spotwise, reference));

        assertThat(md).contains("NOT reached, cut at 1200.00 s; projected 6000.00 s").contains("| recovery | 60.00 s | 6000.00 s | 100.0× |");
    }

    private RunResult run(Pacing pacing, Duration recovery, boolean reached) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        CpuMeter.ROLES.forEach(r -> cpu.put(r, 1.5));
        List<PhaseResult> phases = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            boolean recovering = phase == Phase.RECOVERY;
            phases.add(new PhaseResult(phase, !recovering || reached, recovering ? recovery : Duration.ofSeconds(30), 100, 600,
                    new Evictions.Count(601, 6, 7, 1), Duration.ofMillis(200), Duration.ofMillis(900), 601, 600, cpu, 3.5,
                    recovering ? Duration.ofSeconds(50) : null, recovering && !reached ? Duration.ofSeconds(6000) : null,
                    Duration.ofSeconds(20)));
        }
        return new RunResult(pacing, Instant.now(), 110, 66, phases);
    }
}
