package io.spotwise.sandbox.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotwise.sandbox.PrometheusProcess;
import io.spotwise.sandbox.Stack;
import io.spotwise.sandbox.e2e.Scenario;
import io.spotwise.sandbox.e2e.StackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real Prometheus scrapes the running stack (broker, simulated cluster, three services) with the alert rules loaded;
 * every dashboard panel's and every alert's query runs through its HTTP API and must neither error nor name a series
 * the stack never exports.
 */
@ExtendWith(StackExtension.class)
class PrometheusEndToEndIT {

    static final String NAMESPACE = "e2e-prometheus";

    @Test
    @DisplayName("every dashboard and alert query runs against a real Prometheus scraping the stack, on series the stack exports")
    void everyQueryRunsOnExportedSeries() throws Exception {
        Optional<Path> binary = PrometheusProcess.binary();
        assumeTrue(binary.isPresent(), "prometheus is not installed (apt-get install prometheus, as .ci/run does): skipping the scrape test");
        Stack stack = StackExtension.stack();
        try (Scenario s = new Scenario(stack, NAMESPACE);
             PrometheusProcess prometheus = PrometheusProcess.start(binary.get(), Files.createTempDirectory(stack.settings().home(), "prom-"),
                     stack.services(), Optional.of(MonitoringQueries.DIR.resolve("spotwise.rules.yaml")))) {
            s.deployment("web", 2, true, "{\"percentage\": 50,");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(MetricsEndToEndIT.service("decider").metrics())
                    .contains("spotwise_decider_workload_pods{").contains("namespace=\"" + NAMESPACE + "\""));
            // now that the workload has per-workload series, new spot pods of it are timed while Pending
            s.client().apps().deployments().inNamespace(s.namespace()).withName("web").scale(4);
            Map<String, String> panels = MonitoringQueries.dashboardPanels();
            Map<String, String> alerts = MonitoringQueries.alerts();
            Set<String> needed = new HashSet<>();
            panels.values().forEach(q -> needed.addAll(MonitoringQueries.metricNames(q)));
            alerts.values().forEach(q -> needed.addAll(MonitoringQueries.metricNames(q)));
            MonitoringQueries.dashboardVariables().values().forEach(q -> needed.addAll(MonitoringQueries.metricNames(q)));
            assertThat(needed).hasSizeGreaterThan(15);

            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                JsonNode up = prometheus.api("/api/v1/query", Map.of("query", "up == 1"));
                assertThat(up.path("data").path("result")).as("targets up").hasSize(3);
                Set<String> names = new HashSet<>();
                prometheus.api("/api/v1/label/__name__/values", Map.of()).path("data").forEach(n -> names.add(n.asText()));
                assertThat(names).as("series the stack exports (scraped)").containsAll(needed);
                JsonNode namespaces = prometheus.api("/api/v1/label/namespace/values", Map.of("match[]", "spotwise_decider_workload_pods"));
                assertThat(namespaces.path("data").toString()).as("the $namespace variable offers the workload's namespace").contains(NAMESPACE);
                assertThat(prometheus.api("/api/v1/query", Map.of("query",
                        "spotwise_actuator_workload_actions_total{namespace=\"" + NAMESPACE + "\"}")).path("data").path("result")).isNotEmpty();
            });

            SoftAssertions soft = new SoftAssertions();
            panels.forEach((panel, expr) -> check(soft, prometheus, "panel " + panel, MonitoringQueries.substitute(expr, NAMESPACE, "web")));
            alerts.forEach((alert, expr) -> check(soft, prometheus, "alert " + alert, expr));
            soft.assertAll();

            JsonNode split = query(prometheus, MonitoringQueries.substitute(panels.get("Split over time / A"), NAMESPACE, "web"));
            assertThat(split.path("data").path("result")).as("the workload view shows the workload's split").isNotEmpty();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode rules = prometheus.api("/api/v1/rules", Map.of()).path("data").path("groups").get(0).path("rules");
                assertThat(rules).hasSize(alerts.size()).allSatisfy(r -> assertThat(r.path("health").asText())
                        .as("rule %s: %s", r.path("name").asText(), r.path("lastError").asText()).isEqualTo("ok"));
            });
        }
    }

    private static void check(SoftAssertions soft, PrometheusProcess prometheus, String what, String expr) {
        JsonNode answer = query(prometheus, expr);
        soft.assertThat(answer.path("status").asText()).as("%s: %s → %s", what, expr, answer.path("error").asText()).isEqualTo("success");
        soft.assertThat(answer.path("warnings").size()).as("%s: warnings %s", what, answer.path("warnings")).isZero();
    }

    private static JsonNode query(PrometheusProcess prometheus, String expr) {
        return prometheus.api("/api/v1/query", Map.of("query", expr));
    }
}
