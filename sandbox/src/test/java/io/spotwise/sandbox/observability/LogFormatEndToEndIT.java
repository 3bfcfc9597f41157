package io.spotwise.sandbox.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotwise.sandbox.ServiceProcess;
import io.spotwise.sandbox.e2e.Scenario;
import io.spotwise.sandbox.e2e.StackExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The end-to-end stack runs its services with LOG_FORMAT=json: their logs are JSON lines a pipeline can filter on. */
@ExtendWith(StackExtension.class)
class LogFormatEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("LOG_FORMAT=json: every service writes one parseable JSON object per line; the decider's and the actuator's action lines carry workload and action_id")
    void jsonLines() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-logs")) {
            s.deployment("web", 1, true, "{\"percentage\": 50,");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(lines(service("decider")))
                    .anySatisfy(line -> {
                        assertThat(line.path("workload").asText()).isEqualTo("Deployment(e2e-logs/web)");
                        assertThat(line.path("action_id").asText()).isNotBlank();
                        assertThat(line.path("message").asText()).contains("REPORT_CONFIG_INVALID").contains(line.path("action_id").asText());
                        assertThat(line.path("level").asText()).isEqualTo("INFO");
                        assertThat(line.path("logger").asText()).startsWith("io.spotwise.decider");
                        List<String> fields = new ArrayList<>();
                        line.fieldNames().forEachRemaining(fields::add);
                        assertThat(fields).as("the fields of the example in docs/operations.md §9").containsExactlyElementsOf(documentedExampleFields());
                    }));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(lines(service("actuator")))
                    .anySatisfy(line -> {
                        assertThat(line.path("workload").asText()).isEqualTo("Deployment(e2e-logs/web)");
                        assertThat(line.path("action_id").asText()).isNotBlank();
                        assertThat(line.path("message").asText()).contains(line.path("action_id").asText()).contains("REPORTED");
                    }));
            for (ServiceProcess p : StackExtension.stack().services()) {
                assertThat(lines(p)).as("%s's JSON lines", p.name()).isNotEmpty()
                        .allSatisfy(line -> assertThat(line.has("timestamp") && line.has("level") && line.has("message")).isTrue());
            }
        }
    }

    /** The field names of the JSON line shown in docs/operations.md §9, in order. */
    private static List<String> documentedExampleFields() {
        List<String> doc = MetricsReference.lines(MetricsReference.repoRoot().resolve("docs/operations.md"));
        int logs = doc.indexOf("## 9. Logs");
        String example = doc.get(doc.subList(logs, doc.size()).indexOf("```json") + logs + 1);
        List<String> fields = new ArrayList<>();
        try {
            JSON.readTree(example).fieldNames().forEachRemaining(fields::add);
        } catch (IOException e) {
            throw new UncheckedIOException("the example in docs/operations.md §9 is not JSON", e);
        }
        return fields;
    }

    /** Every line of the service's log that came from logback, parsed; fails on a line that is not one JSON object. */
    private static List<JsonNode> lines(ServiceProcess p) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(p.logFile())) {
                if (line.isBlank() || isJvmNotice(line)) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as("%s log line is a JSON object: %s", p.name(), line).isTrue();
                out.add(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + p.logFile(), e);
        }
        return out;
    }

    /** What the JVM itself prints, outside logback (JAVA_TOOL_OPTIONS echo, CDS warnings). */
    private static boolean isJvmNotice(String line) {
        return line.startsWith("Picked up ") || line.startsWith("OpenJDK ") || line.startsWith("[") && line.contains("warning");
    }

    static ServiceProcess service(String name) {
        return StackExtension.stack().services().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
