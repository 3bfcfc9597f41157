package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graceful termination and disruption budgets, pinned to "Pod Lifecycle › Termination of Pods"
 * (kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination), "API-initiated Eviction"
 * (kubernetes.io/docs/concepts/scheduling-eviction/api-eviction/) and "Specifying a Disruption Budget"
 * (kubernetes.io/docs/tasks/run-application/configure-pdb/#check-the-status-of-the-pdb).
 */
class GracefulTerminationConformanceIT {

    private static SimulatedCluster sim;
    private static NamespacedKubernetesClient client;
    private static Kubectl kubectl;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        sim = SimulatedCluster.start(SimOptions.defaults().withNodes(2, 0, 20).withKubeletDelay(Duration.ofMillis(50))
                .withPodGracePeriod(Duration.ofSeconds(2)));
        client = sim.client();
        kubectl = new Kubectl(sim, dir);
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    private static Pod running(String ns, String name, Long grace) {
        Pod pod = new PodBuilder(Fixtures.pod(name, name)).editSpec().withTerminationGracePeriodSeconds(grace)
                .endSpec().build();
        client.pods().inNamespace(ns).resource(pod).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(client.pods().inNamespace(ns)
                .withName(name).get().getStatus().getPhase()));
        return client.pods().inNamespace(ns).withName(name).get();
    }

    private static List<Pod> pods(String ns, String app) {
        return client.pods().inNamespace(ns).withLabel("app", app).list().getItems();
    }

    @Test
    @DisplayName("pod-lifecycle#pod-termination: a deleted pod stays with deletionTimestamp and "
            + "deletionGracePeriodSeconds (kubectl shows Terminating) until the kubelet removes it after the period")
    void gracefulDelete() throws Exception {
        running("t1", "web", 3L);
        client.pods().inNamespace("t1").withName("web").delete();
        Pod terminating = client.pods().inNamespace("t1").withName("web").get();
        assertThat(terminating).isNotNull();
        assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(terminating.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(3L);
        assertThat(TableOutputConformanceIT.rows(kubectl.run("get", "pod", "web", "-n", "t1")).get(1).get(2))
                .isEqualTo("Terminating");
        await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace("t1").withName("web").get() == null);
    }

    @Test
    @DisplayName("pod-lifecycle#pod-termination-forced: gracePeriodSeconds=0 (kubectl delete --grace-period=0 "
            + "--force) removes the pod at once; the spec's default period comes from API defaulting")
    void forcedDelete() throws Exception {
        Pod pod = running("t2", "web", null);
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(2L);
        kubectl.run("delete", "pod", "web", "-n", "t2", "--grace-period=0", "--force");
        assertThat(client.pods().inNamespace("t2").withName("web").get()).isNull();
    }

    @Test
    @DisplayName("pod-lifecycle#pod-termination: a ReplicaSet replaces a terminating pod at once (terminating pods "
            + "are not counted), while the old one still terminates")
    void replacementWhileTerminating() {
        client.apps().deployments().inNamespace("t3").resource(Fixtures.deployment("web", 2)).create();
        await().atMost(Duration.ofSeconds(15)).until(() -> pods("t3", "web").stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 2);
        String victim = pods("t3", "web").get(0).getMetadata().getName();
        client.pods().inNamespace("t3").withName(victim).delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> pods("t3", "web").size() == 3);
        assertThat(client.pods().inNamespace("t3").withName(victim).get().getMetadata().getDeletionTimestamp())
                .isNotNull();
        await().atMost(Duration.ofSeconds(15)).until(() -> pods("t3", "web").size() == 2
                && client.pods().inNamespace("t3").withName(victim).get() == null);
    }

    @Test
    @DisplayName("api-eviction: an evicted pod terminates gracefully like a deleted one")
    void evictionIsGraceful() {
        running("t4", "web", 2L);
        assertThat(client.pods().inNamespace("t4").withName("web").evict(new EvictionBuilder().withNewMetadata()
                .withName("web").withNamespace("t4").endMetadata().build())).isTrue();
        assertThat(client.pods().inNamespace("t4").withName("web").get().getMetadata().getDeletionTimestamp())
                .isNotNull();
        await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace("t4").withName("web").get() == null);
    }

    @Test
    @DisplayName("configure-pdb#check-the-status-of-the-pdb: status currentHealthy, desiredHealthy, expectedPods, "
            + "disruptionsAllowed and observedGeneration are kept; eviction spends them and 429s when none is left")
    void disruptionBudgetStatus() throws Exception {
        client.apps().deployments().inNamespace("t5").resource(Fixtures.deployment("web", 3)).create();
        client.policy().v1().podDisruptionBudget().inNamespace("t5").resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web").endMetadata().withNewSpec().withMaxUnavailable(new IntOrString(1))
                .withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build()).create();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            PodDisruptionBudget pdb = client.policy().v1().podDisruptionBudget().inNamespace("t5").withName("web")
                    .get();
            assertThat(pdb.getStatus()).isNotNull();
            assertThat(pdb.getStatus().getCurrentHealthy()).isEqualTo(3);
            assertThat(pdb.getStatus().getDesiredHealthy()).isEqualTo(2);
            assertThat(pdb.getStatus().getExpectedPods()).isEqualTo(3);
            assertThat(pdb.getStatus().getDisruptionsAllowed()).isEqualTo(1);
            assertThat(pdb.getStatus().getObservedGeneration()).isEqualTo(pdb.getMetadata().getGeneration());
        });
        assertThat(TableOutputConformanceIT.rows(kubectl.run("get", "pdb", "web", "-n", "t5")).get(1)
                .subList(0, 4)).containsExactly("web", "N/A", "1", "1");

        List<Pod> pods = pods("t5", "web");
        assertThat(client.pods().inNamespace("t5").withName(pods.get(0).getMetadata().getName())
                .evict(new EvictionBuilder().withNewMetadata().withName(pods.get(0).getMetadata().getName())
                        .withNamespace("t5").endMetadata().build()))
                .isTrue();
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace("t5").withName("web").get().getStatus()
                .getDisruptionsAllowed()).isZero();
        assertThat(client.pods().inNamespace("t5").withName(pods.get(1).getMetadata().getName())
                .evict(new EvictionBuilder().withNewMetadata().withName(pods.get(1).getMetadata().getName())
                        .withNamespace("t5").endMetadata().build()))
                .isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.policy().v1().podDisruptionBudget()
                .inNamespace("t5").withName("web").get().getStatus().getDisruptionsAllowed() == 1);
    }
}
