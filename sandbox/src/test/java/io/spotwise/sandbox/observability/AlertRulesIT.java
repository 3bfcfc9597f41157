package io.spotwise.sandbox.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The alert rules: promtool accepts them, its unit tests pass, both forms agree, every runbook exists. */
class AlertRulesIT {

    private static final Path RULES = MonitoringQueries.DIR.resolve("spotwise.rules.yaml");
    private static final Path RULES_TEST = MonitoringQueries.DIR.resolve("spotwise.rules.test.yaml");

    @Test
    @DisplayName("promtool check rules accepts spotwise.rules.yaml")
    void promtoolCheck() throws Exception {
        assertThat(promtool("check", "rules", RULES.toString())).contains("SUCCESS");
    }

    @Test
    @DisplayName("promtool test rules: each alert fires on a series that should fire it and stays quiet on one that should not")
    void promtoolUnitTests() throws Exception {
        assertThat(promtool("test", "rules", RULES_TEST.toString())).contains("SUCCESS");
    }

    @Test
    @DisplayName("every alert has a firing and a quiet case in the promtool tests")
    @SuppressWarnings("unchecked")
    void everyAlertIsTestedBothWays() {
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) MonitoringQueries.yaml(RULES_TEST).get("tests")) {
            for (Map<String, Object> t : (List<Map<String, Object>>) test.get("alert_rule_test")) {
                List<Map<String, Object>> expected = (List<Map<String, Object>>) t.get("exp_alerts");
                (expected == null || expected.isEmpty() ? quiet : fires).add((String) t.get("alertname"));
            }
        }
        Set<String> alerts = MonitoringQueries.alerts().keySet();
        assertThat(fires).as("alerts with a firing case").containsAll(alerts);
        assertThat(quiet).as("alerts with a quiet case (an empty exp_alerts)").containsAll(alerts);
    }

    @Test
    @DisplayName("the PrometheusRule carries exactly the groups of the plain rules file")
    void prometheusRuleMatchesRulesFile() {
        Map<String, Object> rule = MonitoringQueries.yaml(MonitoringQueries.DIR.resolve("prometheus-rule.yaml"));
        assertThat(rule.get("kind")).isEqualTo("PrometheusRule");
        assertThat(((Map<?, ?>) rule.get("spec")).get("groups")).isEqualTo(MonitoringQueries.yaml(RULES).get("groups"));
    }

    @Test
    @DisplayName("every alert has a severity and a runbook_url that points at a runbook heading in docs/operations.md")
    @SuppressWarnings("unchecked")
    void everyAlertHasARunbook() {
        List<String> docs = MetricsReference.lines(MetricsReference.repoRoot().resolve("docs/operations.md"));
        for (Map<String, Object> rule : MonitoringQueries.rules(MonitoringQueries.yaml(RULES))) {
            String alert = (String) rule.get("alert");
            String url = (String) ((Map<String, Object>) rule.get("annotations")).get("runbook_url");
            assertThat(((Map<String, Object>) rule.get("labels")).get("severity")).as(alert).isIn("warning", "critical");
            assertThat(url).as(alert).contains("docs/operations.md#runbook-" + alert.toLowerCase());
            assertThat(docs).as("a heading '#### Runbook: %s' in docs/operations.md", alert).contains("#### Runbook: " + alert);
        }
    }

    private static String promtool(String... args) throws IOException, InterruptedException {
        Optional<Path> promtool = onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not installed (apt-get install prometheus, as .ci/run does): skipping the rule checks");
        List<String> cmd = new java.util.ArrayList<>(List.of(promtool.get().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(MonitoringQueries.DIR.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool %s:\n%s", String.join(" ", args), out).isZero();
        return out;
    }

    private static Optional<Path> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
