package io.spotwise.sandbox.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric families docs/operations.md §5 documents, per service ("every service" rows go to all three), and the
 * repository files the observability tests read.
 */
final class MetricsReference {

    static final List<String> SERVICES = List.of("watcher", "decider", "actuator");
    private static final Pattern ROW = Pattern.compile("^\\| `(spotwise_[a-z_]+)(\\{[^}]*})?` \\|");

    private MetricsReference() {
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("k8s")) && Files.isRegularFile(dir.resolve("docs/operations.md"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no k8s/ and docs/operations.md above " + Path.of("").toAbsolutePath());
    }

    /** Service → documented family names (as in the Prometheus text: {@code _total}, {@code _seconds} included). */
    static Map<String, List<String>> documented() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        SERVICES.forEach(s -> out.put(s, new ArrayList<>()));
        String section = null;
        boolean inMetrics = false;
        for (String line : lines(repoRoot().resolve("docs/operations.md"))) {
            if (line.startsWith("## ")) {
                inMetrics = line.startsWith("## 5. Metrics reference");
                continue;
            }
            if (inMetrics && line.startsWith("### ")) {
                section = line.substring(4).trim();
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inMetrics && section != null && m.find()) {
                String family = m.group(1);
                for (String service : SERVICES) {
                    if (section.equals(service) || section.equals("every service")) {
                        out.get(service).add(family);
                    }
                }
            }
        }
        return out;
    }

    /** Family name → HELP text of a Prometheus text exposition. */
    static Map<String, String> helpTexts(String exposition) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("# HELP ")) {
                String rest = line.substring(7);
                int space = rest.indexOf(' ');
                out.put(space < 0 ? rest : rest.substring(0, space), space < 0 ? "" : rest.substring(space + 1).trim());
            }
        }
        return out;
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
