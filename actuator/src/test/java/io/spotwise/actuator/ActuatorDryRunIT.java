package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.OutcomeResult;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
class ActuatorDryRunIT {

    private static ActuatorHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new ActuatorHarness(Map.of("SPOTWISE_DRY_RUN", "true"));
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    @Test
    @DisplayName("dry run: no eviction and no patch; outcomes DRY_RUN; Normal Events saying what would have been done")
    void changesNothing() throws Exception {
        Pod pod = h.pod("dry", "web-1", "Running");
        String uid = h.webUid("dry");
        Action evict = Actions.rebalance("dry", "web-1", pod.getMetadata().getUid(), uid, ActionReason.REBALANCE_EXCESS_SPOT);
        Action disable = Actions.disable("dry", "web", uid, Instant.now().plusSeconds(120));
        h.send(evict);
        h.send(disable);

        assertThat(h.awaitOutcome(evict.id()).result()).isEqualTo(OutcomeResult.DRY_RUN);
        assertThat(h.awaitOutcome(disable.id()).result()).isEqualTo(OutcomeResult.DRY_RUN);
        assertThat(h.requests("POST", "/api/v1/namespaces/dry/pods/web-1/eviction")).isEmpty();
        assertThat(h.requests("PATCH", "/apis/apps/v1/namespaces/dry/deployments")).isEmpty();
        assertThat(h.requests("PUT", "/apis/apps/v1/namespaces/dry/deployments")).isEmpty();
        assertThat(h.requests("DELETE", "/api/v1/namespaces/dry")).isEmpty();
        assertThat(h.client.apps().deployments().inNamespace("dry").withName("web").get().getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(h.events("dry")).hasSize(2).allSatisfy(e -> {
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getMessage()).startsWith("Dry run, nothing changed: would have ");
        });
        assertThat(h.events("dry")).anySatisfy(e -> assertThat(e.getMessage())
                .isEqualTo("Dry run, nothing changed: would have evicted the spot pod for rebalancing toward 6 spot / 4 on-demand "
                        + "(60 %, min 2 on-demand): 9 spot / 1 on-demand in ReplicaSet web-7d9f"));
    }
}
