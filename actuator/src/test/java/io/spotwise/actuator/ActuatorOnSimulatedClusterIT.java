package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.sim.SimulatedCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The outcome matrix against the simulated API server: real PodDisruptionBudgets, real eviction, real merge patch. */
@ExtendWith(SharedKafkaBroker.class)
class ActuatorOnSimulatedClusterIT {

    private static SimulatedCluster sim;
    private static String webUid;
    private static ActuatorHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ActuatorHarness.onSimulatedCluster(Map.of());
        sim = h.sim();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    /** The opted-in Deployment ns/web with {@code replicas} pods, made by the simulated controllers; its pods once Ready. */
    private static List<Pod> web(String ns, int replicas) {
        webUid = h.client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(ns).addToLabels("spotwise.io/spot-enabled", "true").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build()).create().getMetadata().getUid();
        return await().atMost(Duration.ofSeconds(30)).until(() -> h.client.pods().inNamespace(ns).withLabel("app", "web").list().getItems(),
                pods -> pods.size() == replicas && pods.stream().allMatch(ActuatorOnSimulatedClusterIT::ready))
                .stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).toList();
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void pdb(String ns, String name, int minAvailable) {
        h.client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withNewMinAvailable(minAvailable).withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec()
                .build()).create();
    }

    private static long evictionsBy(String ns, String pod) {
        return sim.requests().stream().filter(r -> "eviction".equals(r.subresource()) && ns.equals(r.namespace()) && pod.equals(r.name()))
                .peek(r -> assertThat(r.service()).isEqualTo("actuator")).count();
    }

    @Test
    @DisplayName("an accepted eviction: the pod is gone, Outcome EVICTED, one SpotRebalancingEviction Event; never a DELETE")
    void evicted() throws Exception {
        Pod pod = web("sim-ok", 1).get(0);
        String name = pod.getMetadata().getName();
        Action action = Actions.rebalance("sim-ok", name, pod.getMetadata().getUid(), webUid, ActionReason.REBALANCE_EXCESS_ON_DEMAND);
        h.send(action);
        assertThat(h.awaitOutcome(action.id()).result()).isEqualTo(OutcomeResult.EVICTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Pod p = h.client.pods().inNamespace("sim-ok").withName(name).get();
            return p == null || p.getMetadata().getDeletionTimestamp() != null;
        });
        assertThat(evictionsBy("sim-ok", name)).isEqualTo(1);
        assertThat(sim.requests()).noneMatch(r -> r.method().equals("DELETE") && "actuator".equals(r.service()));
        assertThat(h.events("sim-ok")).singleElement().satisfies(e -> assertThat(e.getReason()).isEqualTo("SpotRebalancingEviction"));
    }

    @Test
    @DisplayName("a real PodDisruptionBudget refuses: the pod stays, Outcome BLOCKED_BY_PDB, a SpotEvictionBlocked Event naming the budget")
    void blockedByRealPdb() throws Exception {
        Pod pod = web("sim-pdb", 2).get(0);
        String name = pod.getMetadata().getName();
        pdb("sim-pdb", "web-pdb", 2);
        Action action = Actions.rebalance("sim-pdb", name, pod.getMetadata().getUid(), webUid, ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(action);
        Outcome outcome = h.awaitOutcome(action.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.BLOCKED_BY_PDB);
        assertThat(h.client.pods().inNamespace("sim-pdb").withName(name).get().getMetadata().getDeletionTimestamp()).isNull();
        assertThat(evictionsBy("sim-pdb", name)).isEqualTo(1);
        assertThat(h.events("sim-pdb")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("SpotEvictionBlocked");
            assertThat(e.getMessage()).startsWith("PodDisruptionBudget web-pdb refused to evict the spot pod for rebalancing");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
        });
    }

    @Test
    @DisplayName("two PodDisruptionBudgets over one pod: 500 → FAILED with that reason, not retried")
    void twoBudgets() throws Exception {
        Pod pod = web("sim-two", 1).get(0);
        String name = pod.getMetadata().getName();
        pdb("sim-two", "web-pdb-a", 0);
        pdb("sim-two", "web-pdb-b", 0);
        Action action = Actions.rebalance("sim-two", name, pod.getMetadata().getUid(), webUid, ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(action);
        Outcome outcome = h.awaitOutcome(action.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.FAILED);
        assertThat(outcome.detail()).contains("more than one PodDisruptionBudget");
        assertThat(evictionsBy("sim-two", name)).isEqualTo(1);
        assertThat(h.client.pods().inNamespace("sim-two").withName(name).get()).isNotNull();
    }

    @Test
    @DisplayName("DISABLE_SPOT then ENABLE_SPOT: the annotation appears, then is really removed (merge patch with null)")
    void disableThenEnable() throws Exception {
        web("sim-win", 0);
        String uid = webUid;
        Action disable = Actions.disable("sim-win", "web", uid, Instant.now().minusSeconds(1));
        h.send(disable);
        assertThat(h.awaitOutcome(disable.id()).result()).isEqualTo(OutcomeResult.PATCHED);
        assertThat(h.client.apps().deployments().inNamespace("sim-win").withName("web").get().getMetadata().getAnnotations())
                .containsKey("spotwise.io/spot-disabled-until");
        Action enable = Actions.enable("sim-win", "web", uid);
        h.send(enable);
        assertThat(h.awaitOutcome(enable.id()).result()).isEqualTo(OutcomeResult.PATCHED);
        Map<String, String> annotations = h.client.apps().deployments().inNamespace("sim-win").withName("web").get().getMetadata().getAnnotations();
        assertThat(annotations == null ? Map.of() : annotations).doesNotContainKey("spotwise.io/spot-disabled-until");
        assertThat(h.events("sim-win")).extracting(e -> e.getReason()).containsExactlyInAnyOrder("SpotSchedulingDisabled", "SpotSchedulingEnabled");
    }

    @Test
    @DisplayName("crash between effect and commit, action redelivered → still one eviction, one Event, one outcome")
    void redeliveredAfterCrash() throws Exception {
        Pod pod = web("sim-redo", 1).get(0);
        String name = pod.getMetadata().getName();
        Action action = Actions.rebalance("sim-redo", name, pod.getMetadata().getUid(), webUid, ActionReason.REBALANCE_EXCESS_SPOT);
        var sent = h.send(action);
        h.awaitOutcome(action.id());

        h.stop();
        h.rewindTo(new org.apache.kafka.common.TopicPartition(sent.topic(), sent.partition()), sent.offset());
        h.start();
        Action marker = Actions.configInvalid("sim-redo", "web", webUid, "{\"percentage\":101}");
        h.send(marker);
        h.awaitOutcome(marker.id());

        assertThat(h.outcomes(action.id())).hasSize(1);
        assertThat(evictionsBy("sim-redo", name)).isEqualTo(1);
        assertThat(h.events("sim-redo")).filteredOn(e -> !e.getReason().equals("SpotConfigInvalid")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("SpotRebalancingEviction");
            assertThat(e.getCount()).isEqualTo(1);
        });
    }
}
