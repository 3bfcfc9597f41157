package io.spotwise.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The eviction pacing a run is configured with, as environment per service role. Only pacing differs between the two;
 * the timings (tick, schedule timeout, stabilization, fallback window) are the same for both ({@link BenchSettings}).
 *
 * <ul>
 *   <li>{@code spotwise}: Spotwise's defaults — rebalancing budget 1/s burst 10 (decider) and 1/s burst 5 (actuator),
 *       fallback evictions on their own budget (100/s, burst 200, 16 at once) — with rates compressed.</li>
 *   <li>{@code reference}: the Datadog Cluster Agent's pacing (docs/migrating-from-datadog.md): one rebalancing eviction
 *       per 10 s tick cluster-wide (budget 0.1/s burst 1 in decider and actuator, one at a time), and no fallback
 *       budget: the reference evicts the timed-out pods one after the other in its tick, so fallback evictions run
 *       one at a time, unthrottled.</li>
 * </ul>
 */
public enum Pacing {
    SPOTWISE, REFERENCE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Pacing parse(String s) {
        for (Pacing p : values()) {
            if (p.id().equals(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("--configs: unknown configuration '" + s + "' (spotwise, reference)");
    }

    /** Extra environment of "decider" and "actuator" for this pacing, compressed by the settings' time scale. */
    public Map<String, Map<String, String>> environment(BenchSettings s) {
        return switch (this) {
            case SPOTWISE -> Map.of(
                    "decider", Map.of(
                            "SPOTWISE_REBALANCE_EVICTION_RATE", rate(s.scaledRate(1.0)),
                            "SPOTWISE_REBALANCE_EVICTION_BURST", "10"),
                    "actuator", Map.of(
                            "SPOTWISE_EVICTION_RATE", rate(s.scaledRate(1.0)),
                            "SPOTWISE_EVICTION_BURST", "5",
                            "SPOTWISE_ACTUATOR_FALLBACK_EVICTION_RATE", rate(Math.min(10_000, s.scaledRate(100.0))),
                            "SPOTWISE_ACTUATOR_FALLBACK_EVICTION_BURST", "200",
                            "SPOTWISE_ACTUATOR_FALLBACK_CONCURRENCY", "16"));
            case REFERENCE -> Map.of(
                    "decider", Map.of(
                            "SPOTWISE_REBALANCE_EVICTION_RATE", rate(s.scaledRate(0.1)),
                            "SPOTWISE_REBALANCE_EVICTION_BURST", "1"),
                    "actuator", Map.of(
                            "SPOTWISE_EVICTION_RATE", rate(s.scaledRate(0.1)),
                            "SPOTWISE_EVICTION_BURST", "1",
                            "SPOTWISE_ACTUATOR_REBALANCE_CONCURRENCY", "1",
                            "SPOTWISE_ACTUATOR_FALLBACK_EVICTION_RATE", "10000",
                            "SPOTWISE_ACTUATOR_FALLBACK_CONCURRENCY", "1"));
        };
    }

    /** The rebalancing evictions per second this pacing allows cluster-wide (compressed). */
    public double rebalanceRate(BenchSettings s) {
        return s.scaledRate(this == SPOTWISE ? 1.0 : 0.1);
    }

    /** The compressed timings both pacings share, in the decider's own keys' format. */
    static Map<String, String> timings(BenchSettings s) {
        return Map.of("tick", s.scaled(Duration.ofSeconds(10)), "scheduleTimeout", s.scheduleTimeout().toMillis() + "ms",
                "stabilization", s.scaled(Duration.ofMinutes(1)), "fallbackWindow", s.fallbackWindow().toMillis() + "ms");
    }

    private static String rate(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }
}
