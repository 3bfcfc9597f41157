package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.spotwise.common.k8s.SpotwiseKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Spot and on-demand node pools: outage, restore, interruption of one node, scenario control over HTTP. */
class NodePoolsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SpotwiseKeys KEYS = SpotwiseKeys.DEFAULT;
    private static SimulatedCluster sim;
    private static NamespacedKubernetesClient client;

    @BeforeAll
    static void start() {
        sim = SimulatedCluster.start(SimOptions.defaults().withNodes(1, 2, 5)
                .withKubeletDelay(Duration.ofMillis(50)).withInterruptionNotice(Duration.ofMillis(100)));
        client = sim.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    private static Deployment spotDeployment(String name, int replicas) {
        return new DeploymentBuilder(Fixtures.deployment(name, replicas)).editSpec().editTemplate().editSpec()
                .addToNodeSelector(KEYS.capacityType(), SpotwiseKeys.INTERRUPTIBLE)
                .addNewToleration().withKey(KEYS.capacityType()).withOperator("Exists").withEffect("NoSchedule")
                .endToleration().endSpec().endTemplate().endSpec().build();
    }

    private static List<Pod> pods(String app) {
        return client.pods().inNamespace("pools").withLabel("app", app).list().getItems();
    }

    @Test
    @DisplayName("spot nodes carry the interruptible label and NoSchedule taint; on-demand nodes do not")
    void spotNodesAreLabelledAndTainted() {
        assertThat(client.nodes().withLabel(KEYS.capacityType(), SpotwiseKeys.INTERRUPTIBLE).list().getItems())
                .isNotEmpty().allSatisfy(n -> assertThat(n.getSpec().getTaints()).anySatisfy(t -> {
                    assertThat(t.getKey()).isEqualTo(KEYS.capacityType());
                    assertThat(t.getValue()).isEqualTo(SpotwiseKeys.INTERRUPTIBLE);
                    assertThat(t.getEffect()).isEqualTo("NoSchedule");
                }));
        assertThat(client.nodes().withName("ondemand-1").get().getMetadata().getLabels())
                .doesNotContainKey(KEYS.capacityType());
    }

    @Test
    @DisplayName("spot outage: spot pods are lost, recreated and Unschedulable; restore: they run again")
    void outageAndRestore() {
        client.apps().deployments().inNamespace("pools").resource(spotDeployment("batch", 2)).create();
        await().atMost(WAIT).until(() -> pods("batch").stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 2);
        List<String> before = pods("batch").stream().map(p -> p.getMetadata().getUid()).toList();

        List<String> lost = sim.spotOutage();
        assertThat(lost).isNotEmpty();
        assertThat(client.nodes().withLabel(KEYS.capacityType(), SpotwiseKeys.INTERRUPTIBLE).list().getItems()).isEmpty();
        await().atMost(WAIT).untilAsserted(() -> assertThat(pods("batch")).hasSize(2).allSatisfy(p -> {
            assertThat(before).doesNotContain(p.getMetadata().getUid());
            assertThat(p.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getReason())
                    .isEqualTo("Unschedulable"));
        }));

        assertThat(sim.restoreSpot()).hasSize(2);
        await().atMost(WAIT).until(() -> pods("batch").stream()
                .filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 2);
    }

    @Test
    @DisplayName("interrupting a spot node taints it, moves its pods away and removes it; HTTP control does the same")
    void interruption() throws Exception {
        client.apps().deployments().inNamespace("pools").resource(spotDeployment("worker", 1)).create();
        await().atMost(WAIT).until(() -> pods("worker").stream()
                .anyMatch(p -> "Running".equals(p.getStatus().getPhase())));
        String node = pods("worker").get(0).getSpec().getNodeName();
        sim.interruptSpotNode(node);
        assertThat(client.nodes().withName(node).get()).isNull();
        await().atMost(WAIT).until(() -> pods("worker").stream().anyMatch(p -> "Running".equals(
                p.getStatus().getPhase()) && !node.equals(p.getSpec().getNodeName())));

        String other = pods("worker").get(0).getSpec().getNodeName();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sim.masterUrl() + "/sim/v1/nodes/" + other + "/interrupt"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> client.nodes().withName(other).get() == null);
        sim.restoreSpot();
    }
}
