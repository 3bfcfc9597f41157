package io.spotwise.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import io.spotwise.contract.topic.Topics;
import io.spotwise.sandbox.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** On-demand fallback and recovery (reference §5, §11), and a spot node interruption. */
@ExtendWith(StackExtension.class)
class FallbackEndToEndIT {

    static final Duration CONVERGE = Duration.ofSeconds(90);

    @AfterEach
    void spotBack() {
        Stack stack = StackExtension.stack();
        if (stack.sim().nodePools().nodeNames(io.spotwise.sim.nodes.NodePools.Pool.SPOT).isEmpty()) {
            stack.sim().restoreSpot();
        }
    }

    @Test
    @DisplayName("no spot node: 4 on-demand run, 6 spot pend → 1 disable then 6 fallback evictions → all on-demand → after the window, back to 6 / 4")
    void fallbackAndRecovery() throws RecordReadException {
        Stack stack = StackExtension.stack();
        try (Scenario s = new Scenario(stack, "e2e-fallback")) {
            stack.sim().spotOutage();
            // The Deployment is known to Spotwise (its status written) before its pods are created, so every pod is
            // placed by the policy: the first pods of a brand-new workload wait for its record only up to ⅔ of the
            // webhook timeout (1 s here) and are admitted unchanged after that (WebhookNewWorkloadIT), which on a
            // busy machine left one of the six on-demand and five fallback evictions instead of six.
            s.deployment("web", 0, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.annotations("Deployment", "web")).containsKey(Scenario.KEYS.status()));
            s.patchDeployment("web", "{\"spec\":{\"replicas\":10}}");
            await().atMost(CONVERGE).untilAsserted(() -> {
                var row = s.row("Deployment/web");
                assertThat(row.onDemand()).isEqualTo(10);
                assertThat(row.pending()).isZero();
            });
            assertThat(s.events("SpotSchedulingDisabled")).hasSize(1);
            assertThat(s.events("SpotSchedulingDisabled").get(0).getMessage()).contains("until");
            assertThat(s.annotations("Deployment", "web")).containsKey(Scenario.KEYS.spotDisabledUntil());
            // The disable comes first, then one fallback eviction (and one Event) per spot pod: all 6 spot pods were
            // Pending.
            await().atMost(CONVERGE).untilAsserted(() -> {
                List<ActionType> order = outcomesFor(stack, "Deployment/e2e-fallback/web");
                assertThat(order).hasSizeGreaterThanOrEqualTo(7);
                assertThat(order.subList(0, 7)).containsExactly(ActionType.DISABLE_SPOT, ActionType.EVICT_POD, ActionType.EVICT_POD,
                        ActionType.EVICT_POD, ActionType.EVICT_POD, ActionType.EVICT_POD, ActionType.EVICT_POD);
                assertThat(s.total("SpotFallbackEviction")).isEqualTo(6);
            });

            stack.sim().restoreSpot();
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE.multipliedBy(2));
            assertThat(s.events("SpotSchedulingEnabled")).hasSize(1);
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.total("SpotRebalancingEviction")).isEqualTo(6));
            assertThat(s.annotations("Deployment", "web")).doesNotContainKey(Scenario.KEYS.spotDisabledUntil());
        }
    }

    @Test
    @DisplayName("a spot node is interrupted: its pods are replaced and the workload returns to 6 / 4")
    void spotInterruption() {
        Stack stack = StackExtension.stack();
        try (Scenario s = new Scenario(stack, "e2e-interrupt")) {
            s.deployment("web", 10, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            String node = s.pods("web").stream()
                    .filter(p -> "true".equals(p.getMetadata().getLabels().get(Scenario.KEYS.spotAssigned())))
                    .map(p -> p.getSpec().getNodeName()).findFirst().orElseThrow();
            stack.sim().interruptSpotNode(node);
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.pods("web")).noneSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo(node)));
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
        }
    }

    static List<ActionType> outcomesFor(Stack stack, String workloadKey) throws RecordReadException {
        List<ActionType> types = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicProbe.readCommitted(stack.kafkaAdminSettings(), Topics.OUTCOMES)) {
            if (workloadKey.equals(r.key()) && r.value() != null) {
                Outcome outcome = RecordCodec.decode(r.value(), Outcome.class);
                if (outcome.result().terminal() && outcome.actionType() != ActionType.WRITE_STATUS) { // not STARTED marks, nor status writes
                    types.add(outcome.actionType());
                }
            }
        }
        return types;
    }
}
