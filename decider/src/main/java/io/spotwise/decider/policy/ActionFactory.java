package io.spotwise.decider.policy;

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
final class ActionFactory {

    private final SpotState state;
    private final Supplier<String> ids;
    private final Instant now;
    private final long leaderEpoch;
    private final List<Action> out;

    ActionFactory(SpotState state, Supplier<String> ids, Instant now, long leaderEpoch, List<Action> out) {
        this.state = state;
        this.ids = ids;
        this.now = now;
        this.leaderEpoch = leaderEpoch;
        this.out = out;
    }

    Instant now() {
        return now;
    }

    void rebalance(PodEntry pod, ActionReason direction, SplitCounts counts) {
        WorkloadState ws = pod.owner.workload;
        evicting(pod, new RebalanceEviction(ids.get(), ws.ref, ws.uid, direction, now, leaderEpoch, expiresAt(), pod.ref(), counts,
                ws.dryRun(state.settings)));
    }

    /** A fallback eviction belongs to the window the workload is in (just requested, or annotated); none without one. */
    void fallback(PodEntry pod, SplitCounts counts, Duration pendingFor, Duration scheduleTimeout) {
        WorkloadState ws = pod.owner.workload;
        Instant windowEnd = windowEnd(ws);
        if (windowEnd == null) {
            return; // FallbackPolicy disables before it evicts: a fallback eviction without a window is never decided
        }
        evicting(pod, new FallbackEviction(ids.get(), ws.ref, ws.uid, ActionReason.FALLBACK, now, leaderEpoch, expiresAt(), pod.ref(),
                pendingFor, scheduleTimeout, windowEnd, counts, ws.dryRun(state.settings)));
    }

    /**
     * @param trigger         the timed-out pod named in the Event, with how long it was Pending
     * @param scheduleTimeout the Pending timeout it was measured against (shorter during an interruption burst)
     * @param windowReason    why the window has this length or the fallback came early, null for a plain window
     */
    void disable(WorkloadState ws, Instant until, SplitCounts counts, PodEntry trigger, Duration pendingFor,
                 Duration scheduleTimeout, String windowReason) {
        DisableSpot action = new DisableSpot(ids.get(), ws.ref, ws.uid, ActionReason.FALLBACK, now, leaderEpoch, expiresAt(), until,
                trigger.ref(), pendingFor, scheduleTimeout, counts, ws.dryRun(state.settings), windowReason);
        remember(action, ws, null);
        FallbackWindow.record(ws, now, until);
        if (ws.dryRun(state.settings)) {
            ws.dryRunWindowUntil = until.toEpochMilli(); // a dry-run disable never sends new pods on-demand
        } else {
            ws.requestedDisabledUntil = until.toEpochMilli();
        }
        out.add(action);
    }

    void enable(WorkloadState ws) {
        EnableSpot action = new EnableSpot(ids.get(), ws.ref, ws.uid, ActionReason.FALLBACK_WINDOW_ENDED, now, leaderEpoch, expiresAt(),
                ws.config.disabledUntil(), FallbackPolicy.workloadCounts(ws), ws.dryRun(state.settings));
        remember(action, ws, null);
        ws.enableIssuedFor = ws.disabledUntilRaw;
        out.add(action);
    }

    void reportConfig(WorkloadState ws, String detail) {
        out.add(new ReportConfigInvalid(ids.get(), ws.ref, ws.uid, ActionReason.CONFIG_INVALID, now, leaderEpoch, expiresAt(), detail));
    }

    private void evicting(PodEntry pod, Action action) {
        WorkloadState ws = pod.owner.workload;
        InFlightAction inFlight = remember(action, ws, pod);
        state.evictionsByPod.put(pod, inFlight);
        pod.set(PodEntry.EVICTING, true);
        ws.evictionsInFlight++;
        if (inFlight.fallback()) {
            ws.fallbackEvictionsInFlight++;
        }
        out.add(action);
    }

    private Instant expiresAt() {
        return now.plus(state.settings.actionTimeout());
    }

    private Instant windowEnd(WorkloadState ws) {
        long end = Math.max(ws.requestedDisabledUntil, ws.dryRunWindowUntil);
        Instant annotated = ws.config.disabledUntil();
        if (annotated != null) {
            end = Math.max(end, annotated.toEpochMilli());
        }
        return end > now.toEpochMilli() ? Instant.ofEpochMilli(end) : null;
    }

    /** The pod's scale-down rank in its ReplicaSet; not kept in flight (the value is marked on the pod). */
    void deletionCost(PodEntry pod, int cost) {
        WorkloadState ws = pod.owner.workload;
        out.add(new SetDeletionCost(ids.get(), ws.ref, ws.uid, ActionReason.DELETION_COST, now, leaderEpoch, expiresAt(), pod.ref(),
                pod.owner.name, cost, ws.dryRun(state.settings)));
        pod.deletionCost = cost;
    }

    /** Report only: SpotRebalancingPaused naming the cause. */
    void reportRebalancePaused(WorkloadState ws, RebalancePause pause, String detail) {
        out.add(new ReportRebalancePaused(ids.get(), ws.ref, ws.uid, ActionReason.REBALANCE_PAUSED, now, leaderEpoch, expiresAt(),
                pause.name(), detail));
    }

    private InFlightAction remember(Action action, WorkloadState ws, PodEntry pod) {
        InFlightAction inFlight = new InFlightAction(action.id(), action.type(), ws, pod, expiresAt().toEpochMilli(),
                action instanceof FallbackEviction);
        state.actions.put(action.id(), inFlight);
        return inFlight;
    }
}
