package io.spotwise.common.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses {@code SPOTWISE_*} variables a service does not declare: a misspelt key (say {@code SPOTWISE_DRYRUN}) would
 * otherwise be ignored silently and the service would run with the default (real evictions). The check runs against
 * the keys the service itself declares, so a key of another service is unknown too.
 */
final class UnknownKeys {

    static final String PREFIX = "SPOTWISE_";

    private UnknownKeys() {
    }

    /** Throws {@link ConfigException} naming the first unknown key (in name order) and the closest declared one. */
    static void refuse(Map<String, String> env, Collection<String> declared) {
        Set<String> unknown = new TreeSet<>();
        env.keySet().stream().filter(k -> k.startsWith(PREFIX) && !declared.contains(k)).forEach(unknown::add);
        if (unknown.isEmpty()) {
            return;
        }
        String key = unknown.iterator().next();
        String more = unknown.size() > 1 ? " (and " + (unknown.size() - 1) + " more unknown SPOTWISE_* keys)" : "";
        throw new ConfigException("Invalid configuration: unknown key " + key + ", did you mean " + closest(key, declared) + "?" + more);
    }

    /** The declared key with the smallest edit distance; ties go to the alphabetically first. */
    static String closest(String key, Collection<String> declared) {
        return declared.stream()
                .min(Comparator.<String>comparingInt(d -> distance(normalise(key), normalise(d))).thenComparing(d -> d))
                .orElse("(no SPOTWISE_* key is declared)");
    }

    /** Case and underscores do not count: {@code SPOTWISE_DRYRUN} is one edit away from nothing but SPOTWISE_DRY_RUN. */
    private static String normalise(String key) {
        return key.toUpperCase(Locale.ROOT).replace("_", "");
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
