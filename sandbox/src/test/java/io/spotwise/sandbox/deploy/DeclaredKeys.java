package io.spotwise.sandbox.deploy;

import io.spotwise.actuator.ActuatorConfig;
import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.Config;
import io.spotwise.common.config.ConfigKey;
import io.spotwise.decider.DeciderConfig;
import io.spotwise.watcher.WatcherConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables each service really reads: the keys its config class declares, the {@code KAFKA_*}
 * pass-through, the variables logback.xml substitutes, and those the JVM and the Kubernetes client read.
 */
final class DeclaredKeys {

    static final List<String> SERVICES = List.of("watcher", "decider", "actuator");

    /** Read by the JVM and the fabric8 client, not by a config class. */
    private static final Set<String> RUNTIME = Set.of("KUBECONFIG", "JAVA_TOOL_OPTIONS");

    private static final Pattern LOGBACK_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:-[^}]*)?}");

    private DeclaredKeys() {
    }

    /** Every key of each service, in declaration order (common keys first). */
    static Map<String, List<ConfigKey<?>>> byService() {
        Map<String, List<ConfigKey<?>>> keys = new LinkedHashMap<>();
        keys.put("watcher", WatcherConfig.keys());
        keys.put("decider", DeciderConfig.keys());
        keys.put("actuator", ActuatorConfig.keys());
        return keys;
    }

    static List<ConfigKey<?>> common() {
        return CommonKeys.all();
    }

    static Set<String> names(String service) {
        List<ConfigKey<?>> keys = byService().get(service);
        if (keys == null) {
            throw new AssertionError("unknown service '" + service + "' (expected one of " + SERVICES + ")");
        }
        Set<String> names = new TreeSet<>();
        keys.forEach(k -> names.add(k.name()));
        return names;
    }

    /** Environment variables every service reads besides its declared keys (KAFKA_* is matched by prefix). */
    static Set<String> passThrough() {
        Set<String> names = new TreeSet<>(RUNTIME);
        String logback = DeployFiles.read(DeployFiles.repoRoot().resolve("common/src/main/resources/logback.xml"));
        Matcher m = LOGBACK_VARIABLE.matcher(logback);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** True if {@code service} reads {@code name}. */
    static boolean readBy(String service, String name) {
        return name.startsWith(Config.KAFKA_PREFIX) || passThrough().contains(name) || names(service).contains(name);
    }
}
