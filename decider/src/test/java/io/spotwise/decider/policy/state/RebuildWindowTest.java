package io.spotwise.decider.policy.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.WorkloadRef;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.support.StateTopics;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The pods a restarted decider has heard about since its rebuild")
class RebuildWindowTest {

    @Test
    @DisplayName("are held for one schedule timeout only: past it, pod updates add nothing, even with no Pending pod to ask")
    void forgottenAfterOneTimeout() {
        SpotState state = new SpotState(PolicySettings.DEFAULTS);
        WorkloadRef web = WorkloadRef.deployment("shop", "web");
        state.apply(StateTopics.workload(web, true, null, null, null));
        state.markRebuilt(Instant.now());
        state.apply(StateTopics.pod(web, 0, false, "Running", "node-od-1", Instant.now()));
        assertThat(state.podsSeenSinceRebuild()).as("within the window").isEqualTo(1);

        state.markRebuilt(Instant.now().minus(PolicySettings.DEFAULTS.scheduleTimeout()).minus(Duration.ofSeconds(1)));
        for (int i = 1; i <= 50; i++) {
            state.apply(StateTopics.pod(web, i, false, "Running", "node-od-1", Instant.now()));
        }
        assertThat(state.podsSeenSinceRebuild()).as("past the window: nothing kept for the decider's lifetime").isZero();
    }
}
