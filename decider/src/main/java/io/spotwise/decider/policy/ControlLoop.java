package io.spotwise.decider.policy;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One tick of the leader: expire what waited too long, look for an interruption burst, then per opted-in workload
 * (sorted by key) config-invalid reports, fallback and re-enable, then rebalancing under the cluster-wide eviction budget, then the pod-deletion-cost ranks. Deterministic: the same
 * state and the same {@code now} give the same actions (ids come from the injected source). Emitted actions are
 * marked in the state so the next tick does not repeat them.
 */
public final class ControlLoop {

    private final Supplier<String> ids;
    private final LongSupplier leaderEpoch;

    /** Actions carry leader epoch 0 (no fencing epoch known). */
    public ControlLoop(Supplier<String> ids) {
        this(ids, () -> 0L);
    }

    /** @param leaderEpoch the epoch of the leader deciding now, stamped on every action of a tick */
    public ControlLoop(Supplier<String> ids, LongSupplier leaderEpoch) {
        this.ids = ids;
        this.leaderEpoch = leaderEpoch;
    }

    public List<Action> tick(SpotState state, Instant now) {
        expireActions(state, now.toEpochMilli());
        List<Action> out = new ArrayList<>();
        ActionFactory actions = new ActionFactory(state, ids, now, leaderEpoch.getAsLong(), out);
        List<WorkloadState> sorted = state.sortedWorkloads();
        List<WorkloadState> managed = new ArrayList<>(sorted.size());
        for (WorkloadState ws : sorted) {
            expireAdmissions(state, ws, now.toEpochMilli());
            if (ws.managed()) {
                managed.add(ws);
            }
        }
        InterruptionBurst.observe(state, managed, now.toEpochMilli());
        for (WorkloadState ws : managed) {
            FallbackPolicy.run(state, ws, actions);
            reportPause(state, ws, actions, now.toEpochMilli());
        }
        if (!managed.isEmpty()) {
            RebalancePolicy.run(state, managed, actions);
            DeletionCostPolicy.run(state, managed, actions);
        }
        return out;
    }

    /** What holds rebalancing back (per workload, every tick, for the gauge), reported once per episode and reason. */
    private static void reportPause(SpotState state, WorkloadState ws, ActionFactory actions, long at) {
        ws.pause = RebalancePause.of(ws, at, state.settings.rolloutStuckAfter().toMillis(), state.settings.interruptionAware());
        if (ws.pause == null) {
            ws.reportedPause = null;
        } else if (ws.pause.reported() && ws.pause != ws.reportedPause) {
            ws.reportedPause = ws.pause;
            actions.reportRebalancePaused(ws, ws.pause, ws.pause.detail(ws, state.settings.rolloutStuckAfter()));
        }
    }

    /** An action with no outcome stops blocking after actionTimeout, so nothing wedges forever. */
    private static void expireActions(SpotState state, long at) {
        Iterator<InFlightAction> it = state.actions.values().iterator();
        List<InFlightAction> expired = new ArrayList<>();
        while (it.hasNext()) {
            InFlightAction a = it.next();
            if (a.expiresAt() <= at) {
                expired.add(a);
            }
        }
        for (InFlightAction a : expired) {
            if (a.type() == ActionType.EVICT_POD) {
                state.clearEviction(a);
            } else {
                state.actions.remove(a.id());
                if (a.type() == ActionType.ENABLE_SPOT) {
                    a.workload().enableIssuedFor = null;
                }
            }
        }
    }

    private static void expireAdmissions(SpotState state, WorkloadState ws, long at) {
        List<OwnerSet> empty = null;
        for (OwnerSet set : ws.owners.values()) {
            set.expireAdmissions(at);
            if (set.isEmpty()) {
                empty = empty == null ? new ArrayList<>() : empty;
                empty.add(set);
            }
        }
        if (empty != null) {
            empty.forEach(state::dropIfEmpty);
        }
    }
}
