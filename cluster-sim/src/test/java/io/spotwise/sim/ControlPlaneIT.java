package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.RevisionLabels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Controllers, scheduler, kubelet and garbage collection of the simulated control plane. */
class ControlPlaneIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static SimulatedCluster sim;
    private static NamespacedKubernetesClient client;

    @BeforeAll
    static void start() {
        sim = SimulatedCluster.start(SimOptions.defaults().withNodes(2, 1, 8).withKubeletDelay(Duration.ofMillis(100)));
        client = sim.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    private static List<Pod> pods(String ns, String app) {
        return client.pods().inNamespace(ns).withLabel("app", app).list().getItems();
    }

    private static long running(String ns, String app) {
        return pods(ns, app).stream().filter(p -> "Running".equals(p.getStatus().getPhase())).count();
    }

    @Test
    @DisplayName("Deployment → ReplicaSet <deploy>-<hash> → Running, Ready pods with owner references; scale down and up")
    void deploymentCreatesReplicaSetAndPods() {
        String ns = "dep";
        client.apps().deployments().inNamespace(ns).resource(Fixtures.deployment("web", 3)).create();
        await().atMost(WAIT).until(() -> running(ns, "web") == 3);
        List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(ns).list().getItems();
        assertThat(sets).hasSize(1);
        ReplicaSet rs = sets.get(0);
        String hash = rs.getMetadata().getLabels().get(RevisionLabels.POD_TEMPLATE_HASH);
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("Deployment");
        for (Pod p : pods(ns, "web")) {
            assertThat(p.getMetadata().getName()).matches("web-" + hash + "-[a-z0-9]{5}");
            assertThat(p.getMetadata().getLabels()).containsEntry(RevisionLabels.POD_TEMPLATE_HASH, hash);
            assertThat(p.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(rs.getMetadata().getUid());
            assertThat(p.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("Ready");
                assertThat(c.getStatus()).isEqualTo("True");
            });
            assertThat(p.getSpec().getNodeName()).startsWith("ondemand-");
        }
        await().atMost(WAIT).until(() -> Integer.valueOf(3).equals(client.apps().deployments().inNamespace(ns)
                .withName("web").get().getStatus().getReadyReplicas()));

        client.apps().deployments().inNamespace(ns).withName("web").scale(1);
        await().atMost(WAIT).until(() -> pods(ns, "web").size() == 1);
        client.apps().deployments().inNamespace(ns).withName("web").scale(2);
        await().atMost(WAIT).until(() -> running(ns, "web") == 2);
    }

    @Test
    @DisplayName("scale-down removes the pods with the lowest controller.kubernetes.io/pod-deletion-cost first")
    void scaleDownHonoursPodDeletionCost() {
        String ns = "cost";
        client.apps().deployments().inNamespace(ns).resource(Fixtures.deployment("shop", 4)).create();
        await().atMost(WAIT).until(() -> running(ns, "shop") == 4);
        List<String> names = pods(ns, "shop").stream().map(p -> p.getMetadata().getName()).sorted().toList();
        int[] costs = {50, -7, 1000, 3};
        for (int i = 0; i < names.size(); i++) {
            client.pods().inNamespace(ns).withName(names.get(i)).patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"controller.kubernetes.io/pod-deletion-cost\":\"" + costs[i]
                            + "\"}}}");
        }
        client.apps().deployments().inNamespace(ns).withName("shop").scale(2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(pods(ns, "shop")).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrder(names.get(0), names.get(2)));
    }

    @Test
    @DisplayName("a template change rolls out a new ReplicaSet revision and scales the old one to zero")
    void rollingUpdate() {
        String ns = "roll";
        client.apps().deployments().inNamespace(ns).resource(Fixtures.deployment("api", 2)).create();
        await().atMost(WAIT).until(() -> running(ns, "api") == 2);
        String oldHash = pods(ns, "api").get(0).getMetadata().getLabels().get(RevisionLabels.POD_TEMPLATE_HASH);
        client.apps().deployments().inNamespace(ns).withName("api").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"nginx:2\"}]}}}}");
        await().atMost(WAIT).until(() -> {
            List<Pod> pods = pods(ns, "api");
            return pods.size() == 2 && pods.stream().allMatch(p -> "Running".equals(p.getStatus().getPhase())
                    && !oldHash.equals(p.getMetadata().getLabels().get(RevisionLabels.POD_TEMPLATE_HASH)));
        });
        List<ReplicaSet> sets = client.apps().replicaSets().inNamespace(ns).list().getItems();
        assertThat(sets).hasSize(2);
        assertThat(sets).anySatisfy(rs -> {
            assertThat(rs.getMetadata().getLabels().get(RevisionLabels.POD_TEMPLATE_HASH)).isEqualTo(oldHash);
            assertThat(rs.getSpec().getReplicas()).isZero();
        });
        assertThat(sets).anySatisfy(rs -> assertThat(rs.getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/revision", "2"));
    }

    @Test
    @DisplayName("StatefulSet pods get ordinal names and the controller-revision-hash label, and come back when deleted")
    void statefulSet() {
        String ns = "sts";
        client.apps().statefulSets().inNamespace(ns).resource(Fixtures.statefulSet("db", 2)).create();
        await().atMost(WAIT).until(() -> running(ns, "db") == 2);
        assertThat(pods(ns, "db")).extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("db-0", "db-1");
        assertThat(pods(ns, "db")).allSatisfy(p -> assertThat(p.getMetadata().getLabels().get(RevisionLabels.CONTROLLER_REVISION_HASH))
                .startsWith("db-"));
        String uid = client.pods().inNamespace(ns).withName("db-1").get().getMetadata().getUid();
        client.pods().inNamespace(ns).withName("db-1").delete();
        await().atMost(WAIT).until(() -> {
            Pod p = client.pods().inNamespace(ns).withName("db-1").get();
            return p != null && !p.getMetadata().getUid().equals(uid) && "Running".equals(p.getStatus().getPhase());
        });
    }

    @Test
    @DisplayName("the scheduler honours nodeSelector, taints and capacity, and marks a pod that fits nowhere Unschedulable")
    void scheduler() {
        String ns = "sched";
        SpotwiseKeys keys = SpotwiseKeys.DEFAULT;
        Pod spot = new PodBuilder(Fixtures.pod("spot", "s")).editSpec()
                .addToNodeSelector(keys.capacityType(), SpotwiseKeys.INTERRUPTIBLE)
                .addNewToleration().withKey(keys.capacityType()).withOperator("Equal")
                .withValue(SpotwiseKeys.INTERRUPTIBLE).withEffect("NoSchedule").endToleration().endSpec().build();
        client.pods().inNamespace(ns).resource(spot).create();
        Pod untolerated = new PodBuilder(Fixtures.pod("no-toleration", "s")).editSpec()
                .addToNodeSelector(keys.capacityType(), SpotwiseKeys.INTERRUPTIBLE).endSpec().build();
        client.pods().inNamespace(ns).resource(untolerated).create();
        await().atMost(WAIT).until(() -> "Running".equals(client.pods().inNamespace(ns).withName("spot").get()
                .getStatus().getPhase()));
        assertThat(client.pods().inNamespace(ns).withName("spot").get().getSpec().getNodeName()).startsWith("spot-");
        await().atMost(WAIT).untilAsserted(() -> {
            Pod p = client.pods().inNamespace(ns).withName("no-toleration").get();
            assertThat(p.getSpec().getNodeName()).isNull();
            assertThat(p.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("PodScheduled");
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("Unschedulable");
                assertThat(c.getMessage()).contains("untolerated taint");
            });
        });
    }

    @Test
    @DisplayName("pods whose owner is gone are garbage collected")
    void garbageCollection() {
        String ns = "gc";
        client.apps().deployments().inNamespace(ns).resource(Fixtures.deployment("tmp", 2)).create();
        await().atMost(WAIT).until(() -> pods(ns, "tmp").size() == 2);
        client.apps().deployments().inNamespace(ns).withName("tmp").delete();
        await().atMost(WAIT).until(() -> pods(ns, "tmp").isEmpty()
                && client.apps().replicaSets().inNamespace(ns).list().getItems().isEmpty());
    }
}
