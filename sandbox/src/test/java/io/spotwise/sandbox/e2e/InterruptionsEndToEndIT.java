package io.spotwise.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.spotwise.sandbox.Stack;
import io.spotwise.sim.nodes.NodePools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Interruption-aware accounting and adaptive fallback through the whole stack (issue 13, items 4 and 5), on a stack
 * whose decider has adaptive fallback (15 s windows doubling up to 1m), the interruption burst (50 %) and the
 * pod-deletion-cost ranking on ({@link DeletionCostEndToEndIT} shares the stack).
 */
public class InterruptionsEndToEndIT {

    /** The stack this class and {@link DeletionCostEndToEndIT} (and RbacEndToEndIT) share. */
    public static final Map<String, String> ENV = Map.of(
            "SPOTWISE_DECIDER_FALLBACK_MAX_DURATION", "1m",
            "SPOTWISE_DECIDER_INTERRUPTION_FALLBACK_SHARE", "50",
            "SPOTWISE_DECIDER_INTERRUPTION_SCHEDULE_TIMEOUT", "1s",
            "SPOTWISE_DECIDER_DELETION_COST", "true");
    static final Duration CONVERGE = Duration.ofSeconds(90);
    static final String SPLIT_60_2 = "{\"percentage\":60,\"minOnDemandReplicas\":2}";

    private static Stack stack() {
        return StackExtension.stack(ENV);
    }

    @AfterEach
    void spotBack() {
        Stack stack = stack();
        if (stack.sim().nodePools().nodeNames(NodePools.Pool.SPOT).isEmpty()) {
            stack.sim().restoreSpot();
        }
    }

    private static void taint(Scenario s, String node, boolean on) {
        s.client().nodes().withName(node).edit(n -> {
            List<Taint> taints = new ArrayList<>(n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
            taints.removeIf(t -> NodePools.DISRUPTED_TAINT.equals(t.getKey()));
            if (on) {
                taints.add(new TaintBuilder().withKey(NodePools.DISRUPTED_TAINT).withEffect("NoSchedule").build());
            }
            n.getSpec().setTaints(taints);
            return n;
        });
    }

    private static List<String> nodesOf(Scenario s, boolean spot) {
        return s.pods("web").stream()
                .filter(p -> spot == "true".equals(p.getMetadata().getLabels().get(Scenario.KEYS.spotAssigned())))
                .map(p -> p.getSpec().getNodeName()).filter(n -> n != null).distinct().sorted().toList();
    }

    private static String pausedByDisruption() {
        return "spotwise_decider_rebalancing_paused{reason=\"nodes-disrupted\"}";
    }

    @Test
    @DisplayName("an on-demand node being disrupted: no rebalancing eviction toward a new split until the taint is gone")
    void rebalancingWaitsForTheDisruption() {
        try (Scenario s = new Scenario(stack(), "e2e-disrupted")) {
            s.deployment("web", 10, true, SPLIT_60_2);
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            String node = nodesOf(s, false).get(0);
            taint(s, node, true);
            try {
                await().atMost(CONVERGE).untilAsserted(() -> assertThat(stack().decider().metrics()).contains(pausedByDisruption() + " 1.0"));
                s.patchDeployment("web", Scenario.metadata("annotations", Scenario.KEYS.spotConfig(),
                        "{\"percentage\":80,\"minOnDemandReplicas\":2}"));
                await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(s.events("SpotRebalancingEviction")).isEmpty());
            } finally {
                taint(s, node, false);
            }
            s.awaitSplit("Deployment/web", 8, 2, CONVERGE);
            assertThat(s.total("SpotRebalancingEviction")).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a burst of interruptions across the spot pool: the fallback comes early and its Event says why")
    void burstFallsBackEarly() {
        Stack stack = stack();
        try (Scenario s = new Scenario(stack, "e2e-burst")) {
            s.deployment("web", 10, true, SPLIT_60_2);
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            nodesOf(s, true).forEach(node -> taint(s, node, true));
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(stack.decider().metrics()).contains(pausedByDisruption() + " 1.0"));
            stack.sim().spotOutage();
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.events("SpotSchedulingDisabled")).singleElement()
                    .satisfies(e -> assertThat(e.getMessage()).contains("(schedule timeout 1s)")
                            .contains("early: an interruption burst, ").contains("bound spot pods of opted-in workloads "
                                    + "are on nodes being disrupted (threshold 50 %)")));
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.row("Deployment/web").onDemand()).isEqualTo(10));
        }
    }

    @Test
    @DisplayName("spot flaps twice: the second fallback window is twice the first (15s → 30s) and its Event says so")
    void repeatedFallbackDoublesTheWindow() {
        Stack stack = stack();
        try (Scenario s = new Scenario(stack, "e2e-adaptive")) {
            s.deployment("web", 10, true, SPLIT_60_2);
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            stack.sim().spotOutage();
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.events("SpotSchedulingDisabled")).hasSize(1));
            stack.sim().restoreSpot();
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.events("SpotSchedulingEnabled")).hasSize(1));
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE.multipliedBy(2));
            stack.sim().spotOutage();
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.total("SpotSchedulingDisabled")).isEqualTo(2));
            List<String> messages = s.events("SpotSchedulingDisabled").stream().map(Event::getMessage).toList();
            assertThat(messages).filteredOn(m -> m.contains("window")).singleElement().satisfies(m -> assertThat(m)
                    .contains("window 30s instead of 15s: spot fell back again ")
                    .contains("after the previous 15s window ended (within 1h); repeated fallbacks double the window up to 1m"));
        }
    }
}
