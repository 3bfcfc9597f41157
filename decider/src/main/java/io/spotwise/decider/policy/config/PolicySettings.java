package io.spotwise.decider.policy.config;

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
 * @param evictionRate                  cluster-wide rebalancing evictions per second (token bucket refill, 1.0)
 * @param evictionBurst                 rebalancing evictions that may go at once (bucket size, 10); keep it at least
 *                                      evictionRate × tick interval, or the bucket caps the rate
 * @param actionTimeout                 an emitted action with no outcome stops blocking after this (5m)
 * @param failureBackoff                a FAILED eviction is retried no sooner than this (30s)
 * @param keys                          label / annotation keys under the configured prefix
 * @param boundPendingTimeout           a spot pod bound to a node but still Pending this long triggers fallback even
 *                                      under fallbackOnlyUnbound (a broken spot node that accepted it) (10m)
 * @param staleWindowAge                a spot-disabled-until that ended longer ago than this when first seen is
 *                                      stale (left by the reference, which never removes it): no ENABLE_SPOT (1h)
 * @param dryRun                        every decided action is flagged dry-run: the actuator only reports it (false)
 * @param rolloutStuckAfter             a rollout with more than one live revision this long (not paused, not OnDelete)
 *                                      is reported stuck; a Deployment's rebalancing then resumes per ReplicaSet (15m)
 * @param fallbackMaxDuration           adaptive fallback: a workload's window doubles with each fallback that follows the
 *                                      end of its previous window within fallbackResetAfter, up to this (16m; at or
 *                                      below fallbackDuration: no growth)
 * @param fallbackResetAfter            a fallback this long after the end of the previous window starts again from
 *                                      fallbackDuration (1h)
 * @param interruptionAware             pods on nodes being disrupted count as leaving: placement ignores them, and an
 *                                      owner set waits with rebalancing while it has any (true)
 * @param interruptionFallbackShare     when at least this percentage of the bound spot pods of opted-in workloads are on
 *                                      disrupted nodes (an interruption burst), spot pods fall back after
 *                                      interruptionScheduleTimeout instead of scheduleTimeout (0: never, the default)
 * @param interruptionScheduleTimeout   the shorter Pending timeout during an interruption burst (10s)
 * @param deletionCost                  keep controller.kubernetes.io/pod-deletion-cost on the pods of opted-in
 *                                      ReplicaSets so a scale-in removes the over-represented capacity type first
 * @param deletionCostPerTick           at most this many deletion-cost writes are decided per tick (50)
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
        SpotwiseKeys keys,
        Duration boundPendingTimeout,
        Duration staleWindowAge,
        boolean dryRun,
        Duration rolloutStuckAfter,
        Duration fallbackMaxDuration,
        Duration fallbackResetAfter,
        boolean interruptionAware,
        int interruptionFallbackShare,
        Duration interruptionScheduleTimeout,
        boolean deletionCost,
        int deletionCostPerTick) {

    /**
     * Period of the leader's control loop; not a policy input (the service ticks), but the eviction budget's rule
     * {@code evictionBurst ≥ evictionRate × tick} is stated against it. The decider's SPOTWISE_TICK default.
     */
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(10);

    /** The reference's defaults plus ours: the one source of every default (DeciderConfig's keys take theirs here). */
    public static final PolicySettings DEFAULTS = new PolicySettings(100, 0, Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(1), Duration.ofSeconds(30), true, 1.0, 10, Duration.ofMinutes(5), Duration.ofSeconds(30),
            SpotwiseKeys.DEFAULT, Duration.ofMinutes(10), Duration.ofHours(1), false, Duration.ofMinutes(15),
            Duration.ofMinutes(16), Duration.ofHours(1), true, 0, Duration.ofSeconds(10), false, 50);

    /** The settings without the later additions (their defaults). */
    public PolicySettings(int defaultPercentage, int defaultMinOnDemandReplicas, Duration scheduleTimeout,
                          Duration fallbackDuration, Duration rebalanceStabilizationPeriod, Duration admissionTtl,
                          boolean fallbackOnlyUnbound, double evictionRate, int evictionBurst, Duration actionTimeout,
                          Duration failureBackoff, SpotwiseKeys keys) {
        this(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration, rebalanceStabilizationPeriod,
                admissionTtl, fallbackOnlyUnbound, evictionRate, evictionBurst, actionTimeout, failureBackoff, keys,
                DEFAULTS.boundPendingTimeout(), DEFAULTS.staleWindowAge(), DEFAULTS.dryRun(), DEFAULTS.rolloutStuckAfter());
    }

    /** The settings without adaptive fallback and interruption awareness (their defaults). */
    public PolicySettings(int defaultPercentage, int defaultMinOnDemandReplicas, Duration scheduleTimeout,
                          Duration fallbackDuration, Duration rebalanceStabilizationPeriod, Duration admissionTtl,
                          boolean fallbackOnlyUnbound, double evictionRate, int evictionBurst, Duration actionTimeout,
                          Duration failureBackoff, SpotwiseKeys keys, Duration boundPendingTimeout, Duration staleWindowAge,
                          boolean dryRun, Duration rolloutStuckAfter) {
        this(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration, rebalanceStabilizationPeriod,
                admissionTtl, fallbackOnlyUnbound, evictionRate, evictionBurst, actionTimeout, failureBackoff, keys,
                boundPendingTimeout, staleWindowAge, dryRun, rolloutStuckAfter, DEFAULTS.fallbackMaxDuration(),
                DEFAULTS.fallbackResetAfter(), DEFAULTS.interruptionAware(), DEFAULTS.interruptionFallbackShare(),
                DEFAULTS.interruptionScheduleTimeout(), DEFAULTS.deletionCost(), DEFAULTS.deletionCostPerTick());
    }

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
        positive("boundPendingTimeout", boundPendingTimeout);
        positive("staleWindowAge", staleWindowAge);
        positive("rolloutStuckAfter", rolloutStuckAfter);
        positive("fallbackMaxDuration", fallbackMaxDuration);
        positive("fallbackResetAfter", fallbackResetAfter);
        positive("interruptionScheduleTimeout", interruptionScheduleTimeout);
        if (deletionCostPerTick < 1) {
            throw new IllegalArgumentException("deletionCostPerTick=" + deletionCostPerTick + " must be >= 1");
        }
        if (interruptionFallbackShare < 0 || interruptionFallbackShare > 100) {
            throw new IllegalArgumentException("interruptionFallbackShare=" + interruptionFallbackShare + " is out of range [0, 100]");
        }
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
                actionTimeout, failureBackoff, keys, boundPendingTimeout, staleWindowAge, dryRun, rolloutStuckAfter, fallbackMaxDuration,
                fallbackResetAfter, interruptionAware, interruptionFallbackShare, interruptionScheduleTimeout,
                deletionCost, deletionCostPerTick);
    }

    public PolicySettings withFallbackOnlyUnbound(boolean onlyUnbound) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, onlyUnbound, evictionRate, evictionBurst, actionTimeout,
                failureBackoff, keys, boundPendingTimeout, staleWindowAge, dryRun, rolloutStuckAfter, fallbackMaxDuration,
                fallbackResetAfter, interruptionAware, interruptionFallbackShare, interruptionScheduleTimeout,
                deletionCost, deletionCostPerTick);
    }

    public PolicySettings withEvictionBudget(double rate, int burst) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, fallbackOnlyUnbound, rate, burst, actionTimeout,
                failureBackoff, keys, boundPendingTimeout, staleWindowAge, dryRun, rolloutStuckAfter, fallbackMaxDuration,
                fallbackResetAfter, interruptionAware, interruptionFallbackShare, interruptionScheduleTimeout,
                deletionCost, deletionCostPerTick);
    }

    public PolicySettings withKeys(SpotwiseKeys prefixKeys) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, fallbackOnlyUnbound, evictionRate, evictionBurst,
                actionTimeout, failureBackoff, prefixKeys, boundPendingTimeout, staleWindowAge, dryRun, rolloutStuckAfter, fallbackMaxDuration,
                fallbackResetAfter, interruptionAware, interruptionFallbackShare, interruptionScheduleTimeout,
                deletionCost, deletionCostPerTick);
    }

    public PolicySettings withBoundPendingTimeout(Duration timeout) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, fallbackOnlyUnbound, evictionRate, evictionBurst,
                actionTimeout, failureBackoff, keys, timeout, staleWindowAge, dryRun, rolloutStuckAfter, fallbackMaxDuration,
                fallbackResetAfter, interruptionAware, interruptionFallbackShare, interruptionScheduleTimeout,
                deletionCost, deletionCostPerTick);
    }

    public PolicySettings withRolloutStuckAfter(Duration after) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, fallbackOnlyUnbound, evictionRate, evictionBurst,
                actionTimeout, failureBackoff, keys, boundPendingTimeout, staleWindowAge, dryRun, after, fallbackMaxDuration,
                fallbackResetAfter, interruptionAware, interruptionFallbackShare, interruptionScheduleTimeout,
                deletionCost, deletionCostPerTick);
    }

    public PolicySettings withDryRun(boolean dry) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, fallbackOnlyUnbound, evictionRate, evictionBurst,
                actionTimeout, failureBackoff, keys, boundPendingTimeout, staleWindowAge, dry, rolloutStuckAfter, fallbackMaxDuration,
                fallbackResetAfter, interruptionAware, interruptionFallbackShare, interruptionScheduleTimeout,
                deletionCost, deletionCostPerTick);
    }

    /** Adaptive fallback: windows double per repeated fallback up to {@code max}, back to the base after {@code resetAfter}. */
    public PolicySettings withAdaptiveFallback(Duration max, Duration resetAfter) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, fallbackOnlyUnbound, evictionRate, evictionBurst,
                actionTimeout, failureBackoff, keys, boundPendingTimeout, staleWindowAge, dryRun, rolloutStuckAfter, max,
                resetAfter, interruptionAware, interruptionFallbackShare, interruptionScheduleTimeout,
                deletionCost, deletionCostPerTick);
    }

    /** Interruption-aware accounting on or off, and the burst that triggers an early fallback (share 0: never). */
    public PolicySettings withInterruptions(boolean aware, int burstShare, Duration burstScheduleTimeout) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, fallbackOnlyUnbound, evictionRate, evictionBurst,
                actionTimeout, failureBackoff, keys, boundPendingTimeout, staleWindowAge, dryRun, rolloutStuckAfter,
                fallbackMaxDuration, fallbackResetAfter, aware, burstShare, burstScheduleTimeout, deletionCost, deletionCostPerTick);
    }

    /** Pod-deletion-cost ranking on or off, and its writes per tick. */
    public PolicySettings withDeletionCost(boolean on, int perTick) {
        return new PolicySettings(defaultPercentage, defaultMinOnDemandReplicas, scheduleTimeout, fallbackDuration,
                rebalanceStabilizationPeriod, admissionTtl, fallbackOnlyUnbound, evictionRate, evictionBurst,
                actionTimeout, failureBackoff, keys, boundPendingTimeout, staleWindowAge, dryRun, rolloutStuckAfter,
                fallbackMaxDuration, fallbackResetAfter, interruptionAware, interruptionFallbackShare,
                interruptionScheduleTimeout, on, perTick);
    }
}
