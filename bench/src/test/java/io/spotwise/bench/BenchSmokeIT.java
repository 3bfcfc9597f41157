package io.spotwise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.bench.BenchRun.RunResult;
import io.spotwise.bench.PhaseResult.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's smoke run in {@code ./mvnw verify}, so the command cannot rot: 3 workloads × 2 replicas (1 spot,
 * 1 on-demand each) through every phase with both configurations, and the report complete and consistent. No figure is
 * asserted, only what every run must show: every phase reached, each spot pod moved once by an eviction the request
 * log holds and an action decided, and the report naming every phase of every configuration and the ratio.
 */
class BenchSmokeIT {

    private static final Logger LOG = LoggerFactory.getLogger(BenchSmokeIT.class);

    @Test
    void bothConfigurationsGoThroughEveryPhaseAndTheReportSaysSo() throws IOException {
        Path home = Files.createTempDirectory("spotwise-bench-");
        BenchSettings settings = BenchSettings.of(3, 2, home).withPhaseTimeout(Duration.ofMinutes(5))
                .withScheduleTimeout(Duration.ofSeconds(6)).withFallbackWindow(Duration.ofSeconds(30));

        List<RunResult> runs = BenchMain.run(settings);

        String report = Files.readString(home.resolve("report.md"));
        Files.writeString(Path.of("target", "bench-smoke-report.md"), report);
        LOG.info("Benchmark smoke report (also target/bench-smoke-report.md):\n{}", report);
        assertThat(runs).extracting(RunResult::pacing).containsExactly(Pacing.SPOTWISE, Pacing.REFERENCE);
        for (RunResult run : runs) {
            assertThat(run.phases()).extracting(PhaseResult::phase).containsExactly(Phase.values());
            for (PhaseResult p : run.phases()) {
                assertThat(p.reached()).as("%s %s reached", run.pacing().id(), p.phase().id).isTrue();
                assertThat(p.atTarget()).as("%s %s workloads at target", run.pacing().id(), p.phase().id).isEqualTo(3);
                assertThat(p.cpuSeconds()).as("CPU per service").containsOnlyKeys(CpuMeter.ROLES);
                assertThat(p.cpuSeconds().get("decider")).as("%s %s decider CPU", run.pacing().id(), p.phase().id).isPositive();
            }
            PhaseResult fallback = run.byPhase().get(Phase.FALLBACK);
            PhaseResult recovery = run.byPhase().get(Phase.RECOVERY);
            assertThat(fallback.moves()).as("the spot pod of each workload had to move off spot").isEqualTo(3);
            assertThat(recovery.moves()).as("and back").isEqualTo(3);
            for (PhaseResult moved : List.of(fallback, recovery)) {
                assertThat(moved.evictions().total()).as("%s %s evictions", run.pacing().id(), moved.phase().id)
                        .isEqualTo(moved.moves() + moved.evictions().wasted());
                assertThat(moved.evictions().perWorkloadMin()).as("every workload had an eviction").isGreaterThanOrEqualTo(1);
                assertThat(moved.latencySamples()).as("every eviction matched to the action that decided it")
                        .isEqualTo(moved.evictions().total());
                assertThat(moved.latencyP99()).isGreaterThanOrEqualTo(moved.latencyP50());
            }
            assertThat(fallback.peakPending()).as("the replacement spot pods were Pending").isGreaterThanOrEqualTo(3);
            assertThat(report).contains("## " + run.pacing().id());
        }
        for (Phase phase : Phase.values()) {
            assertThat(report.lines().filter(l -> l.startsWith("| " + phase.id + " |"))).as("rows of phase %s", phase.id).hasSize(3);
        }
        assertThat(report).contains("## Ratio").contains("recovery after the fallback windows ended").doesNotContain("NOT reached");
    }
}
