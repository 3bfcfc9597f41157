package io.spotwise.decider.policy;

import io.spotwise.contract.WorkloadRef;
import java.time.Instant;
import java.util.TreeMap;

/**
 * One workload: its config when known (a snapshot was seen), its direct owners (sorted by name, for deterministic
 * ticks), and the marks our own actions left.
 */
final class WorkloadState {

    final WorkloadRef ref;
    // known, enabled, config, requestedDisabledUntil and dryRun are volatile: webhook threads read them to place a pod
    // (PlacementPolicy#placeConcurrently); only the state's context writes them.
    /** A snapshot was seen and not tombstoned. */
    volatile boolean known;
    /** The replicas the workload's spec asks for (its last snapshot); -1 before one was seen. */
    volatile int replicas = -1;
    volatile boolean enabled;
    String uid;
    volatile EffectiveConfig config;
    String spotConfigRaw;
    String disabledUntilRaw;
    final TreeMap<String, OwnerSet> owners = new TreeMap<>();
    /** End of a fallback window we decided and whose annotation we have not seen yet (epoch millis). */
    volatile long requestedDisabledUntil = Long.MIN_VALUE;
    /** The bad spot-config value last reported (SpotConfigInvalid is emitted once per distinct value). */
    String reportedBadConfig;
    /** The spot-disabled-until value an ENABLE_SPOT was emitted for. */
    String enableIssuedFor;
    long enableRetryAt = Long.MIN_VALUE;
    /** End of a dry-run fallback window (epoch millis): fallback and rebalancing act as if disabled, placement not. */
    long dryRunWindowUntil = Long.MIN_VALUE;
    /** The window of our DISABLE_SPOT whose PATCHED outcome arrived (epoch millis); fallback evictions may follow. */
    long disablePatchedUntil = Long.MIN_VALUE;
    /** The spot-disabled-until value had ended longer than staleWindowAge before it was first seen: left alone. */
    boolean staleWindow;
    int evictionsInFlight;
    /** How the controller rolls out (from the snapshot; null from older watchers). */
    io.spotwise.contract.RolloutControl rollout;
    /** The per-workload dry-run annotation. */
    volatile boolean dryRun;
    /** First tick that saw more than one live revision (epoch millis), MIN when one. */
    long rolloutSince = Long.MIN_VALUE;
    /** What holds rebalancing back this tick, null when nothing does. */
    RebalancePause pause;
    /** The pause last reported (SpotRebalancingPaused once per episode and reason). */
    RebalancePause reportedPause;
    /** Of which fallback evictions: no ENABLE_SPOT while any is queued or running. */
    int fallbackEvictionsInFlight;

    /** Adaptive fallback: length (millis) and end (epoch millis) of the last fallback window; MIN when none. */
    long lastWindowMillis = Long.MIN_VALUE;
    long lastWindowEnd = Long.MIN_VALUE;
    /** The window before the last, restored when the last one was never written. */
    long previousWindowMillis = Long.MIN_VALUE;
    long previousWindowEnd = Long.MIN_VALUE;

    WorkloadState(WorkloadRef ref) {
        this.ref = ref;
    }

    boolean managed() {
        return known && enabled;
    }

    boolean disabledAt(Instant now) {
        return (config != null && config.disabledAt(now)) || now.toEpochMilli() < requestedDisabledUntil;
    }

    /** In a fallback window, real or dry-run (what fallback and rebalancing go by; placement uses disabledAt). */
    boolean fallbackWindowAt(Instant now) {
        return disabledAt(now) || now.toEpochMilli() < dryRunWindowUntil;
    }

    /** Observation mode for this workload: cluster-wide or its spot-dry-run annotation. */
    boolean dryRun(PolicySettings settings) {
        return settings.dryRun() || dryRun;
    }

    /**
     * The fallback window has taken effect, so evicted pods come back on-demand: the annotation says so, or the
     * actuator reported our DISABLE_SPOT PATCHED (the annotation may not be back through the watcher yet).
     */
    boolean disableInEffect(Instant now) {
        return (config != null && config.disabledAt(now)) || now.toEpochMilli() < disablePatchedUntil;
    }

    /** Forget what opting in gave us: admissions, pending marks, reports (opt-out or tombstone; pods stay). */
    void clearTransient() {
        owners.values().forEach(OwnerSet::clearAdmissions);
        requestedDisabledUntil = Long.MIN_VALUE;
        disablePatchedUntil = Long.MIN_VALUE;
        dryRunWindowUntil = Long.MIN_VALUE;
        reportedBadConfig = null;
        pause = null;
        reportedPause = null;
        rolloutSince = Long.MIN_VALUE;
        enableIssuedFor = null;
        enableRetryAt = Long.MIN_VALUE;
    }
}
