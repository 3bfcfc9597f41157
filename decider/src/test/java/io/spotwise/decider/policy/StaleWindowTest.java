package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.ActionType;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A spot-disabled-until left long ago (Datadog's scheduler never removes it) is handled quietly")
class StaleWindowTest {

    @ParameterizedTest(name = "window ended {0} min before it was first seen → ENABLE_SPOT {1}")
    @CsvSource({"2880, false", "61, false", "59, true", "1, true"})
    @DisplayName("stale after staleWindowAge (1h): no ENABLE_SPOT, so no patch and no SpotSchedulingEnabled")
    void staleWindowsAreLeftAlone(int endedMinutesAgo, boolean enable) {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 2, Sim.config(100, 0));
        web.disabledUntilRaw = sim.now.minus(Duration.ofMinutes(endedMinutesAgo)).toString();
        sim.publish(web);
        sim.reconcile(web);
        assertThat(Sim.types(sim.run(Duration.ofMinutes(3))).contains(ActionType.ENABLE_SPOT)).isEqualTo(enable);
    }

    @ParameterizedTest(name = "a window of ours ending while watched → ENABLE_SPOT even {0} min later")
    @CsvSource({"90"})
    @DisplayName("a window seen while it was running is re-enabled however late the decider ticks")
    void ownWindowsAreReenabled(int lateMinutes) {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 2, Sim.config(100, 0));
        web.disabledUntilRaw = sim.now.plus(Duration.ofMinutes(2)).toString();
        sim.publish(web);
        sim.reconcile(web);
        sim.now = sim.now.plus(Duration.ofMinutes(lateMinutes));
        sim.publish(web); // a resync of the same annotation
        assertThat(Sim.types(sim.tick())).contains(ActionType.ENABLE_SPOT);
    }
}
