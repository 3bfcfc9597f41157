package io.spotwise.decider.replay;

import io.spotwise.common.config.Durations;
import io.spotwise.decider.policy.config.PolicySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code spotwise replay}: {@code --since 2h} (how much recorded history to replay) and any number
 * of {@code --set name=value}. A bad argument is an {@link IllegalArgumentException} naming it.
 *
 * <p>Settings: {@code percentage} and {@code minOnDemandReplicas} replace every workload's own value (its spot-config
 * annotation and the cluster default); {@code scheduleTimeout}, {@code fallbackDuration},
 * {@code rebalanceStabilizationPeriod} (or {@code stabilization}) and {@code tick} replace the cluster settings.
 */
public record ReplayOptions(Duration since, Map<String, String> sets) {

    public static final String USAGE = "usage: spotwise replay [--since 2h] [--set percentage=80] [--set minOnDemandReplicas=1]"
            + " [--set scheduleTimeout=2m] [--set fallbackDuration=5m] [--set rebalanceStabilizationPeriod=1m] [--set tick=10s]";
    private static final List<String> NAMES = List.of("percentage", "minOnDemandReplicas", "scheduleTimeout", "fallbackDuration",
            "rebalanceStabilizationPeriod", "stabilization", "tick");

    public ReplayOptions {
        sets = Map.copyOf(sets);
    }

    public static ReplayOptions parse(String... args) {
        Duration since = Duration.ofHours(2);
        Map<String, String> sets = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--since") || a.equals("--set")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value; " + USAGE);
                }
                String v = args[++i];
                if (a.equals("--since")) {
                    since = duration("--since", v);
                } else {
                    int eq = v.indexOf('=');
                    String name = eq < 0 ? v : v.substring(0, eq);
                    if (eq < 0 || !NAMES.contains(name)) {
                        throw new IllegalArgumentException("--set " + v + ": expected name=value with name one of " + NAMES);
                    }
                    sets.put(name.equals("stabilization") ? "rebalanceStabilizationPeriod" : name, v.substring(eq + 1));
                }
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'; " + USAGE);
            }
        }
        ReplayOptions o = new ReplayOptions(since, sets);
        o.apply(PolicySettings.DEFAULTS); // validates every value
        o.tick(PolicySettings.DEFAULT_TICK);
        return o;
    }

    /** The cluster settings with this replay's changes. */
    public PolicySettings apply(PolicySettings base) {
        PolicySettings s = base;
        if (sets.containsKey("scheduleTimeout") || sets.containsKey("fallbackDuration") || sets.containsKey("rebalanceStabilizationPeriod")) {
            s = new PolicySettings(s.defaultPercentage(), s.defaultMinOnDemandReplicas(),
                    get("scheduleTimeout", s.scheduleTimeout()), get("fallbackDuration", s.fallbackDuration()),
                    get("rebalanceStabilizationPeriod", s.rebalanceStabilizationPeriod()), s.admissionTtl(), s.fallbackOnlyUnbound(),
                    s.evictionRate(), s.evictionBurst(), s.actionTimeout(), s.failureBackoff(), s.keys(), s.boundPendingTimeout(),
                    s.staleWindowAge(), s.dryRun(), s.rolloutStuckAfter());
        }
        Integer p = percentage();
        Integer m = minOnDemandReplicas();
        return p == null && m == null ? s : s.withDefaults(p == null ? s.defaultPercentage() : p, m == null ? s.defaultMinOnDemandReplicas() : m);
    }

    /** {@code percentage} to force on every workload, null when not set. */
    public Integer percentage() {
        Integer p = integer("percentage");
        if (p != null && (p < 0 || p > 100)) {
            throw new IllegalArgumentException("--set percentage=" + p + " is out of range [0, 100]");
        }
        return p;
    }

    public Integer minOnDemandReplicas() {
        Integer m = integer("minOnDemandReplicas");
        if (m != null && m < 0) {
            throw new IllegalArgumentException("--set minOnDemandReplicas=" + m + " must be >= 0");
        }
        return m;
    }

    public Duration tick(Duration base) {
        return get("tick", base);
    }

    public boolean changesAnything() {
        return !sets.isEmpty();
    }

    private Integer integer(String name) {
        String v = sets.get(name);
        try {
            return v == null ? null : Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--set " + name + "=" + v + " is not a whole number", e);
        }
    }

    private Duration get(String name, Duration base) {
        String v = sets.get(name);
        return v == null ? base : duration("--set " + name, v);
    }

    private static Duration duration(String what, String v) {
        try {
            Duration d = Durations.parse(v.trim());
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + "=" + v + " must be a positive duration");
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + "=" + v + " is not a duration like 90s, 2m, 2h (" + e.getMessage() + ")", e);
        }
    }

    /** For the report's first line: {@code percentage=80, scheduleTimeout=2m}. */
    public String describeSets() {
        List<String> parts = new ArrayList<>();
        sets.forEach((k, v) -> parts.add(k + "=" + v));
        return parts.isEmpty() ? "(none)" : String.join(", ", parts);
    }
}
