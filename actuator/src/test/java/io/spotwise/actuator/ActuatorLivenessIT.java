package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.OutcomeResult;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
class ActuatorLivenessIT {

    @Test
    @DisplayName("a second process started with the same SPOTWISE_INSTANCE fences the first: the first's consumer loop stops for good "
            + "and its /healthz answers 503 (so the kubelet restarts it); the second carries on")
    void fencedInstanceFailsLiveness() throws Exception {
        try (ActuatorHarness h = new ActuatorHarness(Map.of())) {
            assertThat(ActuatorHarness.status(h.actuator, "/healthz")).isEqualTo(200);
            Actuator twin = h.replica("spotwise-actuator-0");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> ActuatorHarness.status(h.actuator, "/healthz") == 503);
                await().atMost(Duration.ofSeconds(60)).until(twin::ready);
                Action action = Actions.configInvalid("twin", "web", "after the fencing");
                h.send(action);
                assertThat(h.awaitOutcome(action.id()).result()).isEqualTo(OutcomeResult.ALREADY_GONE);
                assertThat(ActuatorHarness.status(twin, "/healthz")).isEqualTo(200);
            } finally {
                twin.close();
            }
        }
    }
}
