package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side printing, pinned to "Kubernetes API Concepts › Receiving resources as Tables"
 * (kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables) and checked with the real
 * kubectl: the columns are those of the API server's printers (kubernetes pkg/printers/internalversion).
 */
class TableOutputConformanceIT {

    private static SimulatedCluster sim;
    private static NamespacedKubernetesClient client;
    private static Kubectl kubectl;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        sim = SimulatedCluster.start(SimOptions.defaults().withNodes(2, 1, 10));
        client = sim.client();
        kubectl = new Kubectl(sim, dir);
        client.apps().deployments().inNamespace("shop").resource(Fixtures.deployment("web", 2)).create();
        client.apps().statefulSets().inNamespace("shop").resource(Fixtures.statefulSet("db", 1)).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().inNamespace("shop").list().getItems()
                .stream().filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 3
                && client.apps().deployments().inNamespace("shop").withName("web").get().getStatus()
                        .getAvailableReplicas() != null);
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    /** Each line of kubectl's table split into cells (kubectl pads columns with at least two spaces). */
    static List<List<String>> rows(String out) {
        return out.lines().filter(l -> !l.isBlank()).map(l -> Arrays.asList(l.trim().split("\\s{2,}"))).toList();
    }

    @Test
    @DisplayName("api-concepts#receiving-resources-as-tables: kubectl get events prints LAST SEEN, TYPE, REASON, "
            + "OBJECT, MESSAGE (and -o wide SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME)")
    void events() throws Exception {
        String first = Instant.now().minus(Duration.ofMinutes(120)).toString();
        String last = Instant.now().minus(Duration.ofMinutes(20)).toString();
        client.v1().events().inNamespace("shop").resource(new EventBuilder().withNewMetadata().withName("web.1")
                .endMetadata().withType("Warning").withReason("SpotFallbackEviction")
                .withMessage("Evicted spot pod web-1 toward on-demand").withNewInvolvedObject().withKind("Pod")
                .withName("web-1").withNamespace("shop").endInvolvedObject().withNewSource()
                .withComponent("spotwise").endSource().withReportingComponent("spotwise")
                .withReportingInstance("actuator-0").withFirstTimestamp(first).withLastTimestamp(last).withCount(3)
                .build()).create();

        List<List<String>> table = rows(kubectl.run("get", "events", "-n", "shop"));
        assertThat(table.get(0)).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        assertThat(table.get(1)).containsExactly("20m", "Warning", "SpotFallbackEviction", "pod/web-1",
                "Evicted spot pod web-1 toward on-demand");

        List<List<String>> wide = rows(kubectl.run("get", "events", "-n", "shop", "-o", "wide"));
        assertThat(wide.get(0)).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE",
                "MESSAGE", "FIRST SEEN", "COUNT", "NAME");
        assertThat(wide.get(1)).containsExactly("20m", "Warning", "SpotFallbackEviction", "pod/web-1",
                "spotwise, actuator-0", "Evicted spot pod web-1 toward on-demand", "120m", "3", "web.1");

        List<List<String>> all = rows(kubectl.run("get", "events", "-A"));
        assertThat(all.get(0)).containsExactly("NAMESPACE", "LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
        assertThat(all).anySatisfy(r -> assertThat(r).startsWith("shop", "20m", "Warning"));
    }

    @Test
    @DisplayName("api-concepts#receiving-resources-as-tables: kubectl get pods prints NAME READY STATUS RESTARTS "
            + "AGE, -o wide adds IP NODE NOMINATED NODE READINESS GATES")
    void pods() throws Exception {
        List<List<String>> table = rows(kubectl.run("get", "pods", "-n", "shop", "-l", "app=web"));
        assertThat(table.get(0)).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
        assertThat(table).hasSize(3);
        assertThat(table.get(1).subList(1, 4)).containsExactly("1/1", "Running", "0");
        assertThat(table.get(1).get(4)).matches("\\d+s");

        List<List<String>> wide = rows(kubectl.run("get", "pods", "-n", "shop", "-l", "app=web", "-o", "wide"));
        assertThat(wide.get(0)).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE",
                "NOMINATED NODE", "READINESS GATES");
        assertThat(wide.get(1).get(5)).matches("10\\.1\\.\\d+\\.\\d+");
        assertThat(wide.get(1).get(6)).startsWith("ondemand-");
        assertThat(wide.get(1).subList(7, 9)).containsExactly("<none>", "<none>");

        List<List<String>> labelled = rows(kubectl.run("get", "pods", "-n", "shop", "-l", "app=web", "-L", "app"));
        assertThat(labelled.get(0)).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE", "APP");
        assertThat(labelled.get(1)).last().isEqualTo("web");
    }

    @Test
    @DisplayName("api-concepts#receiving-resources-as-tables: deployments, replicasets and statefulsets print the "
            + "apps printers' columns")
    void workloads() throws Exception {
        List<List<String>> deploy = rows(kubectl.run("get", "deployments", "-n", "shop"));
        assertThat(deploy.get(0)).containsExactly("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
        assertThat(deploy.get(1).subList(0, 4)).containsExactly("web", "2/2", "2", "2");
        List<List<String>> wide = rows(kubectl.run("get", "deployments", "-n", "shop", "-o", "wide"));
        assertThat(wide.get(0)).containsExactly("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE", "CONTAINERS",
                "IMAGES", "SELECTOR");
        assertThat(wide.get(1).subList(5, 8)).containsExactly("main", "nginx:1", "app=web");

        List<List<String>> rs = rows(kubectl.run("get", "rs", "-n", "shop"));
        assertThat(rs.get(0)).containsExactly("NAME", "DESIRED", "CURRENT", "READY", "AGE");
        assertThat(rs.get(1).subList(1, 4)).containsExactly("2", "2", "2");

        List<List<String>> sts = rows(kubectl.run("get", "sts", "-n", "shop"));
        assertThat(sts.get(0)).containsExactly("NAME", "READY", "AGE");
        assertThat(sts.get(1).subList(0, 2)).containsExactly("db", "1/1");
    }

    @Test
    @DisplayName("api-concepts#receiving-resources-as-tables: nodes, poddisruptionbudgets and leases print the "
            + "core, policy and coordination printers' columns")
    void clusterObjects() throws Exception {
        List<List<String>> nodes = rows(kubectl.run("get", "nodes"));
        assertThat(nodes.get(0)).containsExactly("NAME", "STATUS", "ROLES", "AGE", "VERSION");
        assertThat(nodes).anySatisfy(r -> assertThat(r).containsSubsequence("ondemand-1", "Ready", "<none>"));
        assertThat(nodes.get(1)).last().isEqualTo("v1.32.0-sim");
        kubectl.run("cordon", "ondemand-2");
        assertThat(rows(kubectl.run("get", "node", "ondemand-2")).get(1).get(1)).isEqualTo("Ready,SchedulingDisabled");
        kubectl.run("uncordon", "ondemand-2");

        client.policy().v1().podDisruptionBudget().inNamespace("shop").resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web").endMetadata().withNewSpec().withMinAvailable(new IntOrString(1))
                .withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build()).create();
        List<List<String>> pdb = rows(kubectl.run("get", "pdb", "-n", "shop"));
        assertThat(pdb.get(0)).containsExactly("NAME", "MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS",
                "AGE");
        assertThat(pdb.get(1).subList(0, 3)).containsExactly("web", "1", "N/A");

        client.leases().inNamespace("shop").resource(new LeaseBuilder().withNewMetadata().withName("spotwise-decider")
                .endMetadata().withNewSpec().withHolderIdentity("decider-0").endSpec().build()).create();
        List<List<String>> leases = rows(kubectl.run("get", "leases", "-n", "shop"));
        assertThat(leases.get(0)).containsExactly("NAME", "HOLDER", "AGE");
        assertThat(leases.get(1).subList(0, 2)).containsExactly("spotwise-decider", "decider-0");
    }
}
