package io.spotwise.sandbox.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.Decision;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.topic.Topics;
import io.spotwise.decider.replay.ReplayMain;
import io.spotwise.sandbox.Stack;
import io.spotwise.sandbox.e2e.Scenario;
import io.spotwise.sandbox.e2e.StackExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The decision log and the what-if replay through the whole stack: the decider's webhook records every admission on
 * {@code spotwise.decisions} (and ties each spot pod to its decision), and {@code spotwise replay} reads the topics
 * the services wrote and answers what another split would have done.
 */
@ExtendWith(StackExtension.class)
@DisplayName("Decision log and what-if replay end to end")
class ReplayEndToEndIT {

    static final Duration CONVERGE = Duration.ofSeconds(60);
    static final String WEB = "Deployment/e2e-replay/web";

    @Test
    @DisplayName("scale 2 → 10 at 60 % / min 2: the decisions recorded; replay with percentage=80 says 8 spot, 80 % instead of 6, 60 %")
    void replayAnotherPercentage() {
        Stack stack = StackExtension.stack();
        try (Scenario s = new Scenario(stack, "e2e-replay")) {
            s.deployment("web", 2, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 0, 2, CONVERGE);
            // the decider knows the workload and its two pods before the scale-up: every new pod is decided by the policy
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(stack.decider().metrics()).containsPattern(
                    "spotwise_decider_workload_pods\\{capacity_type=\"on-demand\"[^}]*namespace=\"e2e-replay\"[^}]*} 2.0"));
            s.client().apps().deployments().inNamespace(s.namespace()).withName("web").scale(10);
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);

            List<Decision> decisions = new ArrayList<>();
            await().atMost(CONVERGE).untilAsserted(() -> {
                decisions.clear();
                decisions.addAll(decisions(stack));
                // the eight pods of the scale-up, and the first two too when the decider knew the workload before they came
                assertThat(decisions).hasSizeBetween(8, 10).filteredOn(Decision::isSpot).hasSize(6);
            });
            assertThat(decisions).filteredOn(Decision::isSpot).hasSize(6);
            assertThat(decisions).allSatisfy(d -> {
                assertThat(d.owner().kind()).isEqualTo("ReplicaSet");
                assertThat(d.pod()).startsWith("e2e-replay/web-");
                assertThat(d.counts()).isNotNull();
            });
            for (Pod p : s.pods("web")) {
                boolean spot = "true".equals(p.getMetadata().getLabels().get(Scenario.KEYS.spotAssigned()));
                String annotation = p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(Scenario.KEYS.decision());
                if (spot) {
                    assertThat(annotation).as("spot pod %s names its decision", p.getMetadata().getName()).isNotNull();
                    assertThat(decisions).anySatisfy(d -> assertThat(annotation).startsWith(d.id() + " BELOW_SPOT_SHARE"));
                } else {
                    assertThat(annotation).as("on-demand pods are never modified").isNull();
                }
            }

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = ReplayMain.run(new String[] {"--since", "1h", "--set", "percentage=80"}, env(stack),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String report = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as("stderr: %s", err).isZero();
            org.slf4j.LoggerFactory.getLogger(ReplayEndToEndIT.class).info("spotwise replay --since 1h --set percentage=80:\n{}", report);
            assertThat(row(report, WEB, "placed on spot")).containsExactly("6", "6", "8", "+2");
            String onDemand = String.valueOf(decisions.size() - 6);
            assertThat(row(report, WEB, "placed on on-demand")).containsExactly(onDemand, onDemand, String.valueOf(decisions.size() - 8), "-2");
            assertThat(row(report, WEB, "rebalancing evictions")).containsExactly("0", "0", "0", "0");
            assertThat(row(report, WEB, "spot share at end")).containsExactly("60 %", "60 %", "80 %", "+20");
        }
    }

    @Test
    @DisplayName("a bad --set stops replay with a line naming it, exit 2")
    void badSetting() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ReplayMain.run(new String[] {"--set", "percentage=180"}, Map.of(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("percentage=180").contains("[0, 100]");
    }

    private static List<Decision> decisions(Stack stack) throws Exception {
        List<Decision> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicProbe.readCommitted(stack.kafkaAdminSettings(), Topics.DECISIONS)) {
            if (WEB.equals(r.key())) {
                out.add(RecordCodec.decode(r.value(), Decision.class));
            }
        }
        return out;
    }

    /** The replay reads Kafka as an operator would: the admin's client settings as KAFKA_* variables. */
    private static Map<String, String> env(Stack stack) {
        Map<String, String> env = new HashMap<>();
        stack.kafkaAdminSettings().forEach((k, v) -> env.put("KAFKA_" + k.toUpperCase(Locale.ROOT).replace('.', '_'), String.valueOf(v)));
        return env;
    }

    /** The RECORDED, REPLAYED, WHAT-IF and CHANGE cells of one metric of one workload. */
    static List<String> row(String report, String workload, String metric) {
        boolean inWorkload = false;
        for (String line : report.split("\n")) {
            if (!line.startsWith(" ")) {
                inWorkload = line.startsWith(workload + " ");
            }
            if (inWorkload && line.contains(metric)) {
                String cells = line.substring(line.indexOf(metric) + metric.length()).trim();
                return List.of(cells.replace(" %", "%").split("\\s+")).stream().map(c -> c.replace("%", " %")).toList();
            }
        }
        throw new AssertionError("no row '" + metric + "' of " + workload + " in:\n" + report);
    }
}
