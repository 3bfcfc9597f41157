package io.spotwise.sandbox.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The configuration reference of docs/operations.md (section "## 4. Configuration reference"): per subsection
 * ({@code ### 4.x ...}), each table row's variable and its default cell. Subsections are keyed "every service",
 * "watcher", "decider", "actuator", or their lower-case heading.
 */
final class ConfigReference {

    private static final String SECTION = "## 4. Configuration reference";

    private ConfigReference() {
    }

    static Map<String, Map<String, String>> read(Path operationsGuide) {
        String doc = DeployFiles.read(operationsGuide);
        int start = doc.indexOf(SECTION);
        if (start < 0) {
            throw new AssertionError(operationsGuide + " has no section '" + SECTION + "'");
        }
        int end = doc.indexOf("\n## ", start + SECTION.length());
        String section = doc.substring(start, end < 0 ? doc.length() : end);
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : section.split("\n")) {
            if (line.startsWith("### ")) {
                current = tables.computeIfAbsent(subsection(line.substring(4)), k -> new LinkedHashMap<>());
            } else if (current != null && line.startsWith("| `")) {
                String[] cells = line.split("(?<!\\\\)\\|");
                String name = cells[1].trim();
                if (current.put(name.substring(1, name.indexOf('`', 1)), cells[2].trim()) != null) {
                    throw new AssertionError(operationsGuide + ": " + name + " is listed twice under '" + line + "'");
                }
            }
        }
        return tables;
    }

    private static String subsection(String heading) {
        String h = heading.toLowerCase(Locale.ROOT);
        if (h.contains("every service")) {
            return "every service";
        }
        for (String service : DeclaredKeys.SERVICES) {
            if (h.contains(service)) {
                return service;
            }
        }
        return h;
    }
}
