package io.spotwise.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rebalancing toward the split through the whole stack (reference §6, §11). */
@ExtendWith(StackExtension.class)
class RebalancingEndToEndIT {

    static final Duration CONVERGE = Duration.ofSeconds(90);

    @Test
    @DisplayName("opt-in after creation: 10 on-demand → six on-demand evictions, one per stabilization period → 6 / 4")
    void optInAfterCreation() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-optin")) {
            s.deployment("web", 10, false, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 0, 10, CONVERGE);
            s.patchDeployment("web", Scenario.metadata("labels", Scenario.KEYS.spotEnabled(), "true"));
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            List<Event> evictions = s.events("SpotRebalancingEviction");
            assertThat(evictions.stream().mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum()).isEqualTo(6);
            assertThat(evictions).allSatisfy(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("Pod");
                assertThat(e.getMessage()).contains("on-demand").contains("6 spot / 4 on-demand");
            });
        }
    }

    @Test
    @DisplayName("scale-down 10 → 5 leaves whatever split the ReplicaSet kept; rebalancing restores 3 / 2")
    void scaleDown() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-scaledown")) {
            s.deployment("web", 10, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            s.client().apps().deployments().inNamespace(s.namespace()).withName("web").scale(5);
            s.awaitSplit("Deployment/web", 3, 2, CONVERGE);
        }
    }

    @Test
    @DisplayName("balanced workload: no eviction over several stabilization periods")
    void noActionWhenBalanced() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-balanced")) {
            s.deployment("web", 5, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 3, 2, CONVERGE);
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12)).untilAsserted(() -> {
                assertThat(s.events("SpotRebalancingEviction")).isEmpty();
                assertThat(s.row("Deployment/web").spot()).isEqualTo(3);
            });
        }
    }

    @Test
    @DisplayName("opt-out by removing the label: pods stay where they are, nothing is evicted")
    void optOut() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-optout")) {
            s.deployment("web", 5, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 3, 2, CONVERGE);
            s.patchDeployment("web", Scenario.metadata("labels", Scenario.KEYS.spotEnabled(), null));
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(s.events("SpotRebalancingEviction")).isEmpty();
                assertThat(s.pods("web")).hasSize(5);
            });
        }
    }

    @Test
    @DisplayName("a PodDisruptionBudget that allows no disruption blocks rebalancing: SpotEvictionBlocked, back-off, the repeat aggregated into one Event, no pod evicted")
    void pdbBlocks() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-pdb")) {
            s.deployment("web", 4, false, "{\"percentage\":50,\"minOnDemandReplicas\":0}");
            s.awaitSplit("Deployment/web", 0, 4, CONVERGE);
            s.client().policy().v1().podDisruptionBudget().inNamespace(s.namespace()).resource(new PodDisruptionBudgetBuilder()
                    .withNewMetadata().withName("web-pdb").endMetadata()
                    .withNewSpec().withMinAvailable(new IntOrString(4)).withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec()
                    .build()).create();
            List<String> before = s.pods("web").stream().map(p -> p.getMetadata().getName()).sorted().toList();
            s.patchDeployment("web", Scenario.metadata("labels", Scenario.KEYS.spotEnabled(), "true"));
            // Blocked, backed off a stabilization period, tried again, blocked again: one aggregated Event, count ≥ 2.
            await().atMost(CONVERGE).untilAsserted(() -> {
                List<Event> blocked = s.events("SpotEvictionBlocked");
                assertThat(blocked).isNotEmpty();
                assertThat(blocked.get(0).getType()).isEqualTo("Warning");
                assertThat(blocked.get(0).getMessage()).contains("web-pdb");
                assertThat(blocked).anySatisfy(e -> assertThat(e.getCount()).isGreaterThanOrEqualTo(2));
            });
            assertThat(s.pods("web").stream().map(p -> p.getMetadata().getName()).sorted().toList())
                    .as("no pod was evicted past the budget").isEqualTo(before);
            assertThat(s.events("SpotRebalancingEviction")).isEmpty();
        }
    }

    /**
     * The reference's scale-down table (§6): five pods left in a given split, the workload's target 60 % with a minimum
     * on-demand. The starting split is made by placement under a first config; switching the annotation to the target
     * leaves rebalancing alone to get there.
     */
    @ParameterizedTest(name = "{0} spot / {1} on-demand, target 60 % min {3} → {4} eviction(s) of {5} pods → 3 / 2")
    @CsvSource({
            "2, 3, '{\"percentage\":40,\"minOnDemandReplicas\":0}',  2, 1, on-demand",
            "5, 0, '{\"percentage\":100,\"minOnDemandReplicas\":0}', 2, 2, spot",
            "4, 1, '{\"percentage\":100,\"minOnDemandReplicas\":1}', 1, 1, spot",
    })
    void scaleDownTable(int spot, int onDemand, String startConfig, int min, int evictions, String evictedKind) {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-table-" + spot + "-" + onDemand)) {
            s.deployment("web", 5, true, startConfig);
            s.awaitSplit("Deployment/web", spot, onDemand, CONVERGE);
            s.patchDeployment("web", Scenario.metadata("annotations", Scenario.KEYS.spotConfig(),
                    "{\"percentage\":60,\"minOnDemandReplicas\":" + min + "}"));
            s.awaitSplit("Deployment/web", 3, 2, CONVERGE);
            List<Event> rebalanced = s.events("SpotRebalancingEviction");
            assertThat(rebalanced.stream().mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum()).isEqualTo(evictions);
            assertThat(rebalanced).allSatisfy(e -> assertThat(e.getMessage()).startsWith("Evicted " + evictedKind + " pod"));
        }
    }
}
