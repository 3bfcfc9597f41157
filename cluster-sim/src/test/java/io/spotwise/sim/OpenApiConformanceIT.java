package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAPI, validation and dry run, pinned to "Kubernetes API Concepts" (kubernetes.io/docs/reference/using-api/
 * api-concepts/): #field-validation and #dry-run, and to "The Kubernetes API › OpenAPI V3"
 * (kubernetes.io/docs/concepts/overview/kubernetes-api/#openapi-v3); checked with kubectl apply, explain and diff.
 */
class OpenApiConformanceIT {

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: api
            spec:
              replicas: %d
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: main
                    image: nginx:1
            """;

    private static SimulatedCluster sim;
    private static NamespacedKubernetesClient client;
    private static Kubectl kubectl;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        sim = SimulatedCluster.start(SimOptions.defaults().withNodes(1, 0, 20));
        client = sim.client();
        kubectl = new Kubectl(sim, dir);
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    @Test
    @DisplayName("api-concepts#field-validation: kubectl apply validates (no --validate=false) and creates, "
            + "configures, leaves unchanged; an unknown field is a strict decoding error")
    void applyWithValidation() throws Exception {
        assertThat(kubectl.runWithInput(DEPLOYMENT.formatted(2), "apply", "-f", "-"))
                .contains("deployment.apps/web created");
        assertThat(kubectl.runWithInput(DEPLOYMENT.formatted(3), "apply", "-f", "-"))
                .contains("deployment.apps/web configured");
        assertThat(client.apps().deployments().inNamespace("api").withName("web").get().getSpec().getReplicas())
                .isEqualTo(3);
        assertThat(kubectl.runWithInput(DEPLOYMENT.formatted(3), "apply", "-f", "-"))
                .contains("deployment.apps/web unchanged");

        Path bad = dir.resolve("bad.yaml");
        java.nio.file.Files.writeString(bad, DEPLOYMENT.formatted(3).replace("replicas:", "replica:")
                .replace("name: web\n", "name: other\n"));
        Kubectl.Result r = kubectl.exec("apply", "-f", bad.toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("strict decoding error: unknown field \"spec.replica\"");
        assertThat(client.apps().deployments().inNamespace("api").withName("other").get()).isNull();
    }

    @Test
    @DisplayName("kubernetes-api#openapi-v3: kubectl explain describes kinds and fields from /openapi/v3")
    void explain() throws Exception {
        String pods = kubectl.run("explain", "pods");
        assertThat(pods).contains("KIND:", "Pod", "VERSION:", "v1", "FIELDS:", "spec", "status", "metadata");
        String replicas = kubectl.run("explain", "deployment.spec.replicas");
        assertThat(replicas).contains("FIELD:", "replicas", "<integer>");
        assertThat(kubectl.run("explain", "pdb.spec")).contains("minAvailable", "maxUnavailable");
    }

    @Test
    @DisplayName("api-concepts#dry-run: kubectl diff shows the change from a server-side dry run, which is not "
            + "persisted")
    void diff() throws Exception {
        kubectl.runWithInput(DEPLOYMENT.formatted(2).replace("name: web\n", "name: diffed\n"), "apply", "-f", "-");
        Path changed = dir.resolve("changed.yaml");
        java.nio.file.Files.writeString(changed, DEPLOYMENT.formatted(4).replace("name: web\n", "name: diffed\n"));
        Kubectl.Result r = kubectl.exec("diff", "-f", changed.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("-  replicas: 2", "+  replicas: 4");
        assertThat(client.apps().deployments().inNamespace("api").withName("diffed").get().getSpec().getReplicas())
                .isEqualTo(2);
    }
}
