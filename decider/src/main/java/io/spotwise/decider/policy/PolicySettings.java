package io.spotwise.decider.policy;

import io.spotwise.common.k8s.SpotwiseKeys;
import java.time.Duration;
import java.util.Objects;

/**
 * Cluster-wide policy settings (DESIGN §4). The service maps its environment onto this record; the constructor rejects
 * values the reference would have replaced with a default, naming the field, so a bad setting stops the service at
 * start instead of silently running with another value.
 *
 * @param defaultPercentage             share of replicas on spot when a workload does not say, 0..100 (100)
 * @param defaultMinOnDemandReplicas    on-demand replicas kept before any spot, ≥ 0 (0)
 * @param scheduleTimeout               how long a spot pod may stay Pending before fallback (1m)
 * @param fallbackDuration              how long spot stays disabled after a fallback (2m)
 * @param rebalanceStabilizationPeriod  quiet time per direct owner between rebalancing evictions (1m)
 * @param admissionTtl                  an admitted pod that never shows up stops counting after this (30s)
 * @param fallbackOnlyUnbound           true: only Pending pods not bound to a node trigger fallback; false: any Pending
 * @param evictionRate                  cluster-wide rebalancing evictions per second (token bucket refill)
 * @param evictionBurst                 cluster-wide rebalancing evictions that may go at once (token bucket size)
 * @param actionTimeout                 an emitted action with no outcome stops blocking after this (5m)
 * @param failureBackoff                a FAILED eviction is retried no sooner than this (30s)
 * @param keys                          label / annotation keys under the configured prefix
 */
public record PolicySettings(
        int defaultPercentage,
        int defaultMinOnDemandReplicas,
        Duration scheduleTimeout,
        Duration fallbackDuration,
        Duration rebalanceStabilizationPeriod,
        Duration admissionTtl,
        boolean fallbackOnlyUnbound,
        double evictionRate,
        int evictionBurst,
        Duration actionTimeout,
        Duration failureBackoff,
        SpotwiseKeys keys) {

    /** The reference's defaults plus ours. */
    public static final PolicySettings DEFAULTS = new PolicySettings(100, 0, Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(1), Duration.ofSeconds(30), true, 1.0, 5, Duration.ofMinutes(5), Duration.ofSeconds(30),
            SpotwiseKeys.DEFAULT);

    public PolicySettings {
        if (defaultPercentage < 0 || defaultPercentage > 100) {
            throw new IllegalArgumentException("defaultPercentage=" + defaultPercentage + " is out of range [0, 100]");
        }
        if (defaultMinOnDemandReplicas < 0) {
            throw new IllegalArgumentException("defaultMinOnDemandReplicas=" + defaultMinOnDemandReplicas + " must be >= 0");
        }
        positive("scheduleTimeout", scheduleTimeout);
        positive("fallbackDuration", fallbackDuration);
        positive("rebalanceStabilizationPeriod", rebalanceStabilizationPeriod);
        positive("admissionTtl", admissionTtl);
        positive("actionTimeout", actionTimeout);
        positive("failureBackoff", failureBackoff);
        if (!(evictionRate > 0) || Double.isInfinite(evictionRate)) {
            throw new IllegalArgumentException("evictionRate=" + evictionRate + " must be a positive number of evictions per second");
        }
        if (evictionBurst < 1) {
            throw new IllegalArgumentException("evictionBurst=" + evictionBurst + " must be >= 1");
        }
        Objects.requireNonNull(keys, "keys");
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + "=" + value + " must be a positive duration");
        }
    }

    public PolicySettings withDefaults(int percentage, int minOnDemandReplicas) {
        return new PolicySettings(percentage, minOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, fallbackOnlyUnbound, evictionRate, evictionBurst,
                actionTimeout, failureBackoff, keys);
    }

    public PolicySettings withFallbackOnlyUnbound(boolean onlyUnbound) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, onlyUnbound, evictionRate, evictionBurst, actionTimeout,
                failureBackoff, keys);
    }

    public PolicySettings withEvictionBudget(double rate, int burst) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, fallbackOnlyUnbound, rate, burst, actionTimeout,
                failureBackoff, keys);
    }
}
