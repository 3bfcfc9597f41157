package io.spotwise.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The short campaign of {@code ./mvnw verify}: fixed seed, 75 s of faults (longer until each crash window was hit or 60 s passed), then convergence and the
 * independent checker. Guarantees listed in {@link #KNOWN_VIOLATED} are still broken on main (docs/reliability.md says
 * by what); their violations are printed as known violations, every other guarantee must hold.
 */
class ShortCampaignIT {

    private static final Logger LOG = LoggerFactory.getLogger(ShortCampaignIT.class);
    static final long SEED = 42;
    /** Guarantees main does not keep yet (see docs/reliability.md, "Open violations"); shrink this as holes close. */
    static final Set<Guarantee> KNOWN_VIOLATED = EnumSet.noneOf(Guarantee.class); // V2-V7 fixed: every guarantee asserted

    @Test
    void theGuaranteesHoldUnderTheSeededFaults() throws InterruptedException, IOException {
        Path home = Files.createTempDirectory("spotwise-chaos-");
        CampaignResult result = new Campaign(CampaignSettings.of(SEED, Duration.ofSeconds(75), home).withSettle(Duration.ofSeconds(100))).run();
        String report = result.report();
        Files.writeString(Path.of("target", "chaos-report.md"), report);
        LOG.info("Chaos campaign report (also target/chaos-report.md):\n{}", report);
        List<Violation> known = result.violations().stream().filter(v -> KNOWN_VIOLATED.contains(v.guarantee())).toList();
        known.forEach(v -> LOG.warn("KNOWN VIOLATION (open on main): {}", v));
        assertThat(result.violations()).as("violations of guarantees main keeps (report: target/chaos-report.md)")
                .filteredOn(v -> !KNOWN_VIOLATED.contains(v.guarantee())).isEmpty();
        assertThat(result.checker().actions()).as("the campaign made Spotwise act").isNotEmpty();
    }
}
