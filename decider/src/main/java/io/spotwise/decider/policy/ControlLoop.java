package io.spotwise.decider.policy;

import io.spotwise.contract.Action;
import io.spotwise.decider.policy.fallback.FallbackPolicy;
import io.spotwise.decider.policy.fallback.InterruptionBurst;
import io.spotwise.decider.policy.rebalance.DeletionCostPolicy;
import io.spotwise.decider.policy.rebalance.RebalanceHolds;
import io.spotwise.decider.policy.rebalance.RebalancePolicy;
import io.spotwise.decider.policy.state.ActionFactory;
import io.spotwise.decider.policy.state.RebalancePause;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.WorkloadState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
        state.expireActions(now);
        List<Action> out = new ArrayList<>();
        ActionFactory actions = new ActionFactory(state, ids, now, leaderEpoch.getAsLong(), out);
        List<WorkloadState> sorted = state.sortedWorkloads();
        List<WorkloadState> managed = new ArrayList<>(sorted.size());
        for (WorkloadState ws : sorted) {
            state.expireAdmissions(ws, now);
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
        Duration stuckAfter = state.settings().rolloutStuckAfter();
        RebalancePause pause = RebalanceHolds.of(ws, at, stuckAfter.toMillis(), state.settings().interruptionAware());
        if (ws.pauseThisTick(pause)) {
            actions.reportRebalancePaused(ws, pause, pause.detail(ws, stuckAfter));
        }
    }
}
