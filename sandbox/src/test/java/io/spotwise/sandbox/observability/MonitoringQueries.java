package io.spotwise.sandbox.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Every PromQL query an operator gets from k8s/monitoring: the dashboard's panels and variables, the alert rules. */
final class MonitoringQueries {

    static final Path DIR = MetricsReference.repoRoot().resolve("k8s/monitoring");
    private static final Pattern METRIC = Pattern.compile("\\b(spotwise_[a-z0-9_]+)\\b");

    private MonitoringQueries() {
    }

    /** "panel title / refId" → expr, for every target of every panel of the dashboard. */
    static Map<String, String> dashboardPanels() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.put(panel.path("title").asText() + " / " + target.path("refId").asText(), target.path("expr").asText());
            }
        }
        return out;
    }

    /** Variable name → its query ({@code label_values(...)}). */
    static Map<String, String> dashboardVariables() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode v : dashboard().path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                out.put(v.path("name").asText(), v.path("query").path("query").asText());
            }
        }
        return out;
    }

    /** Alert name → expr, from the plain rules file. */
    static Map<String, String> alerts() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> rule : rules(yaml(DIR.resolve("spotwise.rules.yaml")))) {
            out.put((String) rule.get("alert"), (String) rule.get("expr"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules(Map<String, Object> rulesFile) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rulesFile.get("groups")) {
            out.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return out;
    }

    /** The spotwise_ series names a query reads, with {@code _bucket}/{@code _sum}/{@code _count} kept as written. */
    static Set<String> metricNames(String expr) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Grafana's variables replaced as Grafana would before sending the query. */
    static String substitute(String expr, String namespace, String workload) {
        return expr.replace("$__rate_interval", "1m").replace("$namespace", namespace).replace("$workload", workload);
    }

    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(DIR.resolve("spotwise-dashboard.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> yaml(Path file) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(String.join("\n", MetricsReference.lines(file)));
    }
}
