package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against the sim (HTTPS, kubeconfig written by the sim). Fails, never skips, without kubectl. */
class KubectlIT {

    private static SimulatedCluster sim;
    private static NamespacedKubernetesClient client;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        sim = SimulatedCluster.start(SimOptions.defaults().withHttps(true).withNodes(2, 1, 10));
        sim.writeKubeconfig(dir.resolve("kubeconfig"));
        client = sim.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    /** Runs kubectl; returns stdout, asserting exit code 0. */
    private static String kubectl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", dir.resolve("kubeconfig").toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--request-timeout=10s"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "kubectl", ".out");
        Path err = Files.createTempFile(dir, "kubectl", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean exited = p.waitFor(30, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        assertThat(exited).as("kubectl %s timed out: %s", String.join(" ", args), Files.readString(err)).isTrue();
        assertThat(p.exitValue()).as("kubectl %s failed: %s", String.join(" ", args), Files.readString(err)).isZero();
        return Files.readString(out);
    }

    @Test
    @DisplayName("kubectl get, describe, annotate, label and scale work against the sim")
    void kubectlWorks() throws Exception {
        client.apps().deployments().inNamespace("shop").resource(Fixtures.deployment("web", 2)).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace("shop").withLabel("app", "web")
                .list().getItems().stream().filter(p -> "Running".equals(p.getStatus().getPhase())).count() == 2);
        String pod = client.pods().inNamespace("shop").withLabel("app", "web").list().getItems().get(0)
                .getMetadata().getName();

        assertThat(kubectl("get", "pods", "-n", "shop")).contains(pod);
        assertThat(kubectl("get", "nodes")).contains("ondemand-1", "spot-1");
        assertThat(kubectl("get", "deploy,rs,sts", "-n", "shop")).contains("web");
        assertThat(kubectl("get", "pods", "-n", "shop", "-l", "app in (web,db)", "-o", "name")).contains("pod/" + pod);
        assertThat(kubectl("describe", "pod", pod, "-n", "shop")).contains("Node:", "ondemand-");
        kubectl("annotate", "pod", pod, "-n", "shop", "note=hello");
        kubectl("label", "pod", pod, "-n", "shop", "tier=front");
        Pod after = client.pods().inNamespace("shop").withName(pod).get();
        assertThat(after.getMetadata().getAnnotations()).containsEntry("note", "hello");
        assertThat(after.getMetadata().getLabels()).containsEntry("tier", "front");
        kubectl("annotate", "pod", pod, "-n", "shop", "note-");
        assertThat(client.pods().inNamespace("shop").withName(pod).get().getMetadata().getAnnotations())
                .doesNotContainKey("note");

        kubectl("scale", "deployment", "web", "-n", "shop", "--replicas=3");
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace("shop").withLabel("app", "web").list().getItems().size() == 3);
    }

    @Test
    @DisplayName("kubectl get events --field-selector involvedObject.name=X -o json returns only that object's events")
    void eventsByInvolvedObject() throws Exception {
        for (String name : List.of("a", "b")) {
            client.v1().events().inNamespace("ev").resource(new EventBuilder().withNewMetadata()
                    .withName(name + ".1").endMetadata().withReason("SpotFallbackEviction").withType("Warning")
                    .withMessage("evicted " + name).withInvolvedObject(new ObjectReferenceBuilder().withKind("Pod")
                            .withName(name).withNamespace("ev").build())
                    .build()).create();
        }
        JsonObject list = new JsonObject(kubectl("get", "events", "-n", "ev", "--field-selector",
                "involvedObject.name=a", "-o", "json"));
        assertThat(list.getJsonArray("items")).hasSize(1);
        JsonObject event = list.getJsonArray("items").getJsonObject(0);
        assertThat(event.getString("reason")).isEqualTo("SpotFallbackEviction");
        assertThat(event.getString("message")).isEqualTo("evicted a");
        assertThat(event.getJsonObject("involvedObject").getString("name")).isEqualTo("a");
        assertThat(Files.exists(dir.resolve("kubeconfig"))).isTrue();
    }
}
