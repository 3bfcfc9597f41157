package io.spotwise.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotwise.sandbox.ServiceProcess;
import io.spotwise.sandbox.Stack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Services killed and restarted keep the state; the real kubectl reads the events. */
@ExtendWith(StackExtension.class)
class RestartAndKubectlEndToEndIT {

    static final Duration CONVERGE = Duration.ofSeconds(90);

    @Test
    @DisplayName("all three services killed (SIGKILL) and restarted: state rebuilt from Kafka, split kept, no eviction, new pods still placed")
    void restartKeepsState() {
        Stack stack = StackExtension.stack();
        try (Scenario s = new Scenario(stack, "e2e-restart")) {
            s.deployment("web", 10, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            for (ServiceProcess p : stack.services()) {
                p.kill();
            }
            for (ServiceProcess p : stack.services()) {
                p.start();
            }
            for (ServiceProcess p : stack.services()) {
                p.awaitReady(Duration.ofSeconds(90));
            }
            long unplaced = stack.sim().webhookAdmittedUnchanged();
            s.client().apps().deployments().inNamespace(s.namespace()).withName("web").scale(15);
            s.awaitSplit("Deployment/web", 9, 6, CONVERGE);
            // A call to the just restarted webhook may time out (timeoutSeconds 2, cold TLS on a loaded machine): the
            // pod is then admitted unchanged (failurePolicy Ignore), on-demand, and rebalancing moves one pod for it.
            // Anything beyond that is a burst caused by the restart.
            long notPlaced = stack.sim().webhookAdmittedUnchanged() - unplaced;
            assertThat(s.events("SpotRebalancingEviction")).as("a restart causes no eviction burst (%d pods admitted unchanged)", notPlaced)
                    .hasSizeLessThanOrEqualTo((int) notPlaced);
        }
    }

    @Test
    @DisplayName("kubectl get events -o json --field-selector involvedObject.name shows Spotwise's events with reason, object and message")
    void kubectlSeesEvents() throws Exception {
        Stack stack = StackExtension.stack();
        try (Scenario s = new Scenario(stack, "e2e-kubectl")) {
            s.deployment("web", 3, true, "{\"percentage\": \"sixty\"}");
            await().atMost(CONVERGE).until(() -> !s.events("SpotConfigInvalid").isEmpty());
            JsonNode json = kubectl(stack, "get", "events", "-n", s.namespace(), "--field-selector", "involvedObject.name=web", "-o", "json");
            List<JsonNode> items = new ArrayList<>();
            json.get("items").forEach(items::add);
            assertThat(items).anySatisfy(e -> {
                assertThat(e.path("reason").asText()).isEqualTo("SpotConfigInvalid");
                assertThat(e.path("type").asText()).isEqualTo("Warning");
                assertThat(e.path("involvedObject").path("kind").asText()).isEqualTo("Deployment");
                assertThat(e.path("involvedObject").path("name").asText()).isEqualTo("web");
                assertThat(e.path("message").asText()).contains("percentage");
                assertThat(e.path("reportingComponent").asText()).isEqualTo("spotwise");
            });
            assertThat(items).allSatisfy(e -> assertThat(e.path("involvedObject").path("name").asText()).isEqualTo("web"));
        }
    }

    static JsonNode kubectl(Stack stack, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", stack.kubeconfig().toString(),
                "--cache-dir", stack.settings().home().resolve("kube-cache").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl %s failed: %s", String.join(" ", args), err).isZero();
        return new ObjectMapper().readTree(out);
    }
}
