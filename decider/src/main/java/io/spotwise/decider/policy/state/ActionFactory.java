package io.spotwise.decider.policy.state;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.contract.SplitCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the typed actions of one tick, every field filled (the actuator's Events are made of them), and marks them in
 * flight in the state. Each action expires {@code actionTimeout} after the decision (when the decider stops waiting for
 * its outcome and may decide again) and carries the leader's epoch.
 */
public final class ActionFactory {

    private final SpotState state;
    private final Supplier<String> ids;
    private final Instant now;
    private final long leaderEpoch;
    private final List<Action> out;

    public ActionFactory(SpotState state, Supplier<String> ids, Instant now, long leaderEpoch, List<Action> out) {
        this.state = state;
        this.ids = ids;
        this.now = now;
        this.leaderEpoch = leaderEpoch;
        this.out = out;
    }

    public Instant now() {
        return now;
    }

    public void rebalance(PodEntry pod, ActionReason direction, SplitCounts counts) {
        WorkloadState ws = pod.owner().workload();
        evicting(pod, new RebalanceEviction(ids.get(), ws.ref(), ws.uid(), direction, now, leaderEpoch, expiresAt(), pod.ref(), counts,
                ws.dryRun(state.settings())));
    }

    /** A fallback eviction belongs to the window the workload is in (just requested, or annotated); none without one. */
    public void fallback(PodEntry pod, SplitCounts counts, Duration pendingFor, Duration scheduleTimeout) {
        WorkloadState ws = pod.owner().workload();
        Instant windowEnd = windowEnd(ws);
        if (windowEnd == null) {
            return; // FallbackPolicy disables before it evicts: a fallback eviction without a window is never decided
        }
        evicting(pod, new FallbackEviction(ids.get(), ws.ref(), ws.uid(), ActionReason.FALLBACK, now, leaderEpoch, expiresAt(), pod.ref(),
                pendingFor, scheduleTimeout, windowEnd, counts, ws.dryRun(state.settings())));
    }

    /**
     * @param trigger         the timed-out pod named in the Event, with how long it was Pending
     * @param scheduleTimeout the Pending timeout it was measured against (shorter during an interruption burst)
     * @param windowReason    why the window has this length or the fallback came early, null for a plain window
     */
    public void disable(WorkloadState ws, Instant until, SplitCounts counts, PodEntry trigger, Duration pendingFor,
                        Duration scheduleTimeout, String windowReason) {
        DisableSpot action = new DisableSpot(ids.get(), ws.ref(), ws.uid(), ActionReason.FALLBACK, now, leaderEpoch, expiresAt(), until,
                trigger.ref(), pendingFor, scheduleTimeout, counts, ws.dryRun(state.settings()), windowReason);
        remember(action, ws);
        ws.disableDecided(now, until, ws.dryRun(state.settings())); // a dry-run disable never sends new pods on-demand
        out.add(action);
    }

    public void enable(WorkloadState ws) {
        EnableSpot action = new EnableSpot(ids.get(), ws.ref(), ws.uid(), ActionReason.FALLBACK_WINDOW_ENDED, now, leaderEpoch, expiresAt(),
                ws.config().disabledUntil(), ws.counts(), ws.dryRun(state.settings()));
        remember(action, ws);
        ws.enableIssued(ws.disabledUntilRaw());
        out.add(action);
    }

    public void reportConfig(WorkloadState ws, String detail) {
        out.add(new ReportConfigInvalid(ids.get(), ws.ref(), ws.uid(), ActionReason.CONFIG_INVALID, now, leaderEpoch, expiresAt(), detail));
    }

    private void evicting(PodEntry pod, Action action) {
        state.inFlight().add(action, pod.owner().workload(), pod, expiresAt().toEpochMilli());
        out.add(action);
    }

    private Instant expiresAt() {
        return now.plus(state.settings().actionTimeout());
    }

    private Instant windowEnd(WorkloadState ws) {
        long end = Math.max(ws.requestedDisabledUntil(), ws.dryRunWindowUntil());
        Instant annotated = ws.config().disabledUntil();
        if (annotated != null) {
            end = Math.max(end, annotated.toEpochMilli());
        }
        return end > now.toEpochMilli() ? Instant.ofEpochMilli(end) : null;
    }

    /** The pod's scale-down rank in its ReplicaSet; not kept in flight (the value is marked on the pod). */
    public void deletionCost(PodEntry pod, int cost) {
        WorkloadState ws = pod.owner().workload();
        out.add(new SetDeletionCost(ids.get(), ws.ref(), ws.uid(), ActionReason.DELETION_COST, now, leaderEpoch, expiresAt(), pod.ref(),
                pod.owner().name(), cost, ws.dryRun(state.settings())));
        pod.deletionCost(cost);
    }

    /** Report only: SpotRebalancingPaused naming the cause. */
    public void reportRebalancePaused(WorkloadState ws, RebalancePause pause, String detail) {
        out.add(new ReportRebalancePaused(ids.get(), ws.ref(), ws.uid(), ActionReason.REBALANCE_PAUSED, now, leaderEpoch, expiresAt(),
                pause.name(), detail));
    }

    private void remember(Action action, WorkloadState ws) {
        state.inFlight().add(action, ws, null, expiresAt().toEpochMilli());
    }
}
