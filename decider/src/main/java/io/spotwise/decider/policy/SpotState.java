package io.spotwise.decider.policy;

import io.spotwise.common.contract.Outcome;
import io.spotwise.common.contract.PodSnapshot;
import io.spotwise.common.contract.WorkloadKind;
import io.spotwise.common.contract.WorkloadRef;
import io.spotwise.common.contract.WorkloadSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The decider's whole in-memory state: workloads, their pods grouped by direct owner, in-flight admissions and
 * in-flight actions. Mutable and single-threaded: one owner (the service's context) calls everything.
 */
public final class SpotState {

    /** Told when a spot pod leaves Pending (the pending-time histogram). */
    public interface PendingListener {
        void spotPodLeftPending(WorkloadRef workload, Duration pendingFor);
    }

    private final PolicySettings settings;

    public SpotState(PolicySettings settings) {
        this.settings = settings;
    }

    public PolicySettings settings() {
        return settings;
    }

    public void setPendingListener(PendingListener listener) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A workload snapshot (opted in or not). */
    public void apply(WorkloadSnapshot snapshot) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A workload tombstone: its config and transient state go; its pods stay indexed until their own tombstones. */
    public void removeWorkload(WorkloadRef workload) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A pod snapshot. Pods without a workload (bare pods, Jobs, ...) are ignored. */
    public void apply(PodSnapshot snapshot) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A pod tombstone, key {@code namespace/name}. */
    public void removePod(String podKey) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A pod tombstone with the time it was seen (record timestamp), stamped as the owner's last change. */
    public void removePod(String podKey, Instant observedAt) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The result of one of our actions. */
    public void apply(Outcome outcome, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The state was just rebuilt from the topics: rebalancing waits one stabilization period from now. */
    public void markRebuilt(Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    // ---- read accessors (metrics, webhook, tests) ----

    public boolean isEnabled(WorkloadRef workload) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The effective config of a known workload, null when unknown. */
    public EffectiveConfig config(WorkloadRef workload) {
        throw new UnsupportedOperationException("not yet");
    }

    /** In the fallback window: from the annotation, or from a DISABLE_SPOT we emitted whose patch is not seen yet. */
    public boolean isDisabled(WorkloadRef workload, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Per opted-in workload, sorted by workload key. */
    public List<WorkloadSummary> summaries(Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Opted-in workloads per kind, 0 included. */
    public Map<WorkloadKind, Integer> workloadsByKind() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Opted-in workloads in their fallback window per kind, 0 included. */
    public Map<WorkloadKind, Integer> activeFallbacksByKind(Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Pods indexed (every pod that belongs to a Deployment / StatefulSet, opted in or not). */
    public int podCount() {
        throw new UnsupportedOperationException("not yet");
    }

    /** In-flight admissions of a workload not yet expired at {@code now}. */
    public int inFlightAdmissions(WorkloadRef workload, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Actions emitted and not yet answered by an outcome (nor expired). */
    public int actionsInFlight() {
        throw new UnsupportedOperationException("not yet");
    }
}
