package io.spotwise.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.sandbox.Stack;
import io.spotwise.sim.nodes.NodePools;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Pod-deletion-cost through the whole stack (issue 13, item 3): the decider ranks each opted-in ReplicaSet's pods,
 * the actuator patches the annotation, the simulated ReplicaSet controller scales down by it as Kubernetes does.
 */
class DeletionCostEndToEndIT {

    @AfterEach
    void spotBack() {
        Stack stack = StackExtension.stack(InterruptionsEndToEndIT.ENV);
        if (stack.sim().nodePools().nodeNames(NodePools.Pool.SPOT).isEmpty()) {
            stack.sim().restoreSpot();
        }
    }

    private static String cost(Pod p) {
        Map<String, String> a = p.getMetadata().getAnnotations();
        return a == null ? null : a.get(SetDeletionCost.ANNOTATION);
    }

    @Test
    @DisplayName("after a fallback and recovery (spot pods newest), 10 → 5 at 60 % keeps 3 / 2 with no rebalancing eviction")
    void scaleDownKeepsTheSplit() {
        Stack stack = StackExtension.stack(InterruptionsEndToEndIT.ENV);
        try (Scenario s = new Scenario(stack, "e2e-deletion-cost")) {
            stack.sim().spotOutage();
            s.deployment("web", 10, true, InterruptionsEndToEndIT.SPLIT_60_2);
            await().atMost(InterruptionsEndToEndIT.CONVERGE).untilAsserted(() -> assertThat(s.row("Deployment/web").onDemand()).isEqualTo(10));
            stack.sim().restoreSpot();
            s.awaitSplit("Deployment/web", 6, 4, InterruptionsEndToEndIT.CONVERGE.multipliedBy(2));
            int rebalancedBefore = s.total("SpotRebalancingEviction");
            await().atMost(InterruptionsEndToEndIT.CONVERGE).untilAsserted(() -> assertThat(s.pods("web"))
                    .hasSize(10).allSatisfy(p -> assertThat(cost(p)).isNotNull())
                    .extracting(DeletionCostEndToEndIT::cost).doesNotHaveDuplicates());
            s.client().apps().deployments().inNamespace(s.namespace()).withName("web").scale(5);
            await().atMost(InterruptionsEndToEndIT.CONVERGE).untilAsserted(() -> assertThat(s.pods("web")).hasSize(5));
            s.awaitSplit("Deployment/web", 3, 2, Duration.ofSeconds(30));
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(s.total("SpotRebalancingEviction")).as("no rebalancing eviction after the scale-down")
                        .isEqualTo(rebalancedBefore);
                assertThat(s.row("Deployment/web").spot()).isEqualTo(3);
            });
        }
    }
}
