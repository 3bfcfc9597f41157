package io.spotwise.decider.policy;

import io.spotwise.common.contract.Action;
import io.spotwise.common.contract.ActionReason;
import io.spotwise.common.contract.ActionType;
import io.spotwise.common.contract.Preconditions;
import io.spotwise.common.contract.SplitCounts;
import io.spotwise.common.contract.SpotwiseRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** Builds the actions of one tick and marks them in flight in the state. */
final class ActionFactory {

    private final SpotState state;
    private final Supplier<String> ids;
    private final Instant now;
    private final List<Action> out;

    ActionFactory(SpotState state, Supplier<String> ids, Instant now, List<Action> out) {
        this.state = state;
        this.ids = ids;
        this.now = now;
        this.out = out;
    }

    Instant now() {
        return now;
    }

    void evict(PodEntry pod, ActionReason reason, boolean requirePending, SplitCounts counts, Duration pendingFor) {
        WorkloadState ws = pod.owner.workload;
        Action action = new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, ids.get(), ActionType.EVICT_POD, reason, ws.ref,
                ws.uid, pod.ref(), new Preconditions(pod.uid(), requirePending, ws.uid), counts, null, pendingFor,
                pendingFor == null ? null : state.settings.scheduleTimeout(), null, now);
        InFlightAction inFlight = remember(action, ws, pod);
        state.evictionsByPod.put(pod, inFlight);
        pod.set(PodEntry.EVICTING, true);
        ws.evictionsInFlight++;
        if (inFlight.fallback()) {
            ws.fallbackEvictionsInFlight++;
        }
        out.add(action);
    }

    void disable(WorkloadState ws, Instant until, SplitCounts counts) {
        Action action = new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, ids.get(), ActionType.DISABLE_SPOT,
                ActionReason.FALLBACK, ws.ref, ws.uid, null, new Preconditions(null, false, ws.uid), counts, until, null,
                state.settings.scheduleTimeout(), null, now);
        remember(action, ws, null);
        if (ws.dryRun(state.settings)) {
            ws.dryRunWindowUntil = until.toEpochMilli(); // a dry-run disable never sends new pods on-demand
        } else {
            ws.requestedDisabledUntil = until.toEpochMilli();
        }
        out.add(action);
    }

    void enable(WorkloadState ws) {
        Action action = new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, ids.get(), ActionType.ENABLE_SPOT,
                ActionReason.FALLBACK_WINDOW_ENDED, ws.ref, ws.uid, null, new Preconditions(null, false, ws.uid), null,
                ws.config.disabledUntil(), null, null,
                "the fallback window ended at " + ws.config.disabledUntil() + "; spot placement resumes", now);
        remember(action, ws, null);
        ws.enableIssuedFor = ws.disabledUntilRaw;
        out.add(action);
    }

    void reportConfig(WorkloadState ws, String detail) {
        out.add(new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, ids.get(), ActionType.REPORT_CONFIG_INVALID,
                ActionReason.CONFIG_INVALID, ws.ref, ws.uid, null, Preconditions.NONE, null, null, null, null, detail, now));
    }

    /** Report only: SpotRebalancingPaused naming the reason (the typed action lands with the contract). */
    void reportRebalancePaused(WorkloadState ws, RebalancePause pause, String detail) {
        // TODO(policy): emit REPORT_REBALANCE_PAUSED once the typed contract is on main
    }

    private InFlightAction remember(Action action, WorkloadState ws, PodEntry pod) {
        InFlightAction inFlight = new InFlightAction(action.id(), action.type(), ws, pod,
                now.toEpochMilli() + state.settings.actionTimeout().toMillis(),
                action.type() == ActionType.EVICT_POD && action.reason() == ActionReason.FALLBACK);
        state.actions.put(action.id(), inFlight);
        return inFlight;
    }
}
