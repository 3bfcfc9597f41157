package io.spotwise.sandbox.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.spotwise.sandbox.Stack;
import io.spotwise.sandbox.e2e.Scenario;
import io.spotwise.sandbox.e2e.StackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * The status an operator reads with kubectl, through the whole stack: the decider computes it, the actuator writes
 * the two annotations (past the ValidatingAdmissionPolicy's rules in production), and the kubectl plugin — the one
 * file in kubectl-plugin/, found on the PATH by the real kubectl — shows it and explains single pods.
 */
@ExtendWith(StackExtension.class)
@DisplayName("kubectl status: annotations on the workload and the kubectl-spotwise plugin")
class StatusEndToEndIT {

    static final Duration CONVERGE = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path PLUGIN_DIR = Path.of("../kubectl-plugin").toAbsolutePath().normalize();

    @Test
    @DisplayName("10 replicas at 60 % / min 2: status 'balanced 6 / 4' on the Deployment; kubectl spotwise status and explain pod show it")
    void statusAndPlugin() throws Exception {
        Stack stack = StackExtension.stack();
        try (Scenario s = new Scenario(stack, "e2e-status")) {
            s.deployment("web", 10, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.annotations("Deployment", "web").get(Scenario.KEYS.statusSummary()))
                    .startsWith("balanced: 6 spot / 4 on-demand, desired 6 / 4 (60 %, min 2)"));
            JsonNode status = JSON.readTree(s.annotations("Deployment", "web").get(Scenario.KEYS.status()));
            assertThat(status.path("state").asText()).isEqualTo("balanced");
            assertThat(status.path("desired").path("spot").asInt()).isEqualTo(6);
            assertThat(status.path("actual").path("onDemand").asInt()).isEqualTo(4);
            assertThat(s.annotations("Deployment", "web").get(Scenario.KEYS.status()).length()).isLessThan(1024);

            String table = plugin(stack, "spotwise", "status", "-n", s.namespace());
            assertThat(table.lines().toList()).first().asString().contains("NAMESPACE").contains("STATUS");
            assertThat(table).containsPattern("e2e-status\\s+Deployment\\s+web\\s+balanced: 6 spot / 4 on-demand, desired 6 / 4 \\(60 %, min 2\\)");

            Pod spot = s.pods("web").stream().filter(p -> "true".equals(p.getMetadata().getLabels().get(Scenario.KEYS.spotAssigned())))
                    .findFirst().orElseThrow();
            String decision = spot.getMetadata().getAnnotations().get(Scenario.KEYS.decision());
            String explained = plugin(stack, "spotwise", "explain", "pod", spot.getMetadata().getName(), "-n", s.namespace());
            assertThat(explained).contains("Pod e2e-status/" + spot.getMetadata().getName() + ": spot")
                    .contains("Workload: Deployment e2e-status/web").contains("opted in: true")
                    .contains("Placed by: admission decision " + decision.substring(0, decision.indexOf(' ')))
                    .contains("What would move it:").contains("rebalancing");

            Pod onDemand = s.pods("web").stream().filter(p -> !"true".equals(p.getMetadata().getLabels().get(Scenario.KEYS.spotAssigned())))
                    .findFirst().orElseThrow();
            String explainedOnDemand = plugin(stack, "spotwise", "explain", "pod", onDemand.getMetadata().getName(), "-n", s.namespace());
            LoggerFactory.getLogger(StatusEndToEndIT.class).info("kubectl spotwise status:\n{}\nexplain pod (spot):\n{}\nexplain pod (on-demand):\n{}",
                    table, explained, explainedOnDemand);
            assertThat(explainedOnDemand).contains(": on-demand").contains("Status: balanced: 6 spot / 4 on-demand")
                    .contains("more on-demand pods than its split wants");
        }
    }

    /** The real kubectl with the plugin directory on its PATH, as a user who copied the file there. */
    static String plugin(Stack stack, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.put("PATH", PLUGIN_DIR + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("KUBECONFIG", stack.kubeconfig().toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl %s failed: %s", String.join(" ", args), err).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
