package io.spotwise.decider.policy.rebalance;

import io.spotwise.contract.ActionReason;
import io.spotwise.decider.policy.config.Split;
import io.spotwise.decider.policy.state.ActionFactory;
import io.spotwise.decider.policy.state.OwnerSet;
import io.spotwise.decider.policy.state.PodEntry;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.TickMarks;
import io.spotwise.decider.policy.state.WorkloadState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reference §6 per direct owner, one eviction per stabilization period toward the split, skipped while the workload
 * is disabled, has an eviction in flight, more than one live revision (rollout) or fewer live pods than its replicas
 * (the controller has not replaced deleted pods yet: the split of an incomplete set is not the workload's), and per
 * set while it has admissions in flight, changed within the period (readiness included), is backed off by a PodDisruptionBudget, has
 * a Pending pod, or a replacement created since our last eviction from it is not Ready yet.
 * Victims: not-ready first, then newest, then by name. A cluster-wide token bucket limits the pace; workloads are
 * visited round-robin from where the last tick's evictions stopped, so a tight budget is shared.
 */
public final class RebalancePolicy {

    /** Not ready first, then the newest, then by name. */
    public static final Comparator<PodEntry> VICTIM_ORDER = Comparator
            .comparing((PodEntry p) -> p.is(PodEntry.READY))
            .thenComparing(p -> -p.createdAt())
            .thenComparing(PodEntry::name);

    private RebalancePolicy() {
    }

    public static void run(SpotState state, List<WorkloadState> sorted, ActionFactory actions) {
        long at = actions.now().toEpochMilli();
        long period = state.settings().rebalanceStabilizationPeriod().toMillis();
        TickMarks marks = state.marks();
        if (marks.rebuiltAt() != Long.MIN_VALUE && at < marks.rebuiltAt() + period) {
            return;
        }
        marks.refillEvictions(at, state.settings().evictionRate(), state.settings().evictionBurst());
        int start = startIndex(marks, sorted);
        for (int i = 0; i < sorted.size() && marks.evictionAffordable(); i++) {
            WorkloadState ws = sorted.get((start + i) % sorted.size());
            if (rebalance(state, ws, actions, at, period)) {
                marks.evicted(ws.ref());
            }
        }
    }

    private static int startIndex(TickMarks marks, List<WorkloadState> sorted) {
        if (marks.rebalanceCursor() == null) {
            return 0;
        }
        String cursor = marks.rebalanceCursor().key();
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).ref().key().compareTo(cursor) > 0) {
                return i;
            }
        }
        return 0;
    }

    /** Returns true when an eviction was emitted for the workload. */
    private static boolean rebalance(SpotState state, WorkloadState ws, ActionFactory actions, long at, long period) {
        if (!ws.managed() || ws.fallbackWindowAt(actions.now()) || ws.evictionsInFlight() > 0
                || (ws.pause() != null && ws.pause().holds(ws)) || RebalanceHolds.replicasMissing(ws)) {
            return false;
        }
        for (OwnerSet set : ws.owners()) {
            set.expireAdmissions(at);
            if (set.admissions() > 0 || (set.lastUpdate() != Long.MIN_VALUE && set.lastUpdate() > at - period)
                    || set.backoffUntil() > at || set.pending() > 0 || set.replacementNotReady()) {
                continue;
            }
            Split.Excess excess = Split.excess(set.spot(), set.onDemand(), ws.config().percentage(),
                    ws.config().minOnDemandReplicas());
            if (!excess.any()) {
                continue;
            }
            boolean spotVictim = excess.spot() > 0;
            PodEntry victim = victim(state, set, spotVictim, at);
            if (victim == null) {
                continue;
            }
            set.rebalanced(at);
            actions.rebalance(victim, spotVictim ? ActionReason.REBALANCE_EXCESS_SPOT : ActionReason.REBALANCE_EXCESS_ON_DEMAND,
                    set.counts(ws.config()));
            return true;
        }
        return false;
    }

    private static PodEntry victim(SpotState state, OwnerSet set, boolean spot, long at) {
        List<PodEntry> candidates = new ArrayList<>();
        for (PodEntry pod = set.first(); pod != null; pod = pod.next()) {
            if (pod.counted() && pod.is(PodEntry.SPOT) == spot && !pod.is(PodEntry.EVICTING) && !pod.is(PodEntry.EVICTED)
                    && !state.retryHeld(pod, at)) {
                candidates.add(pod);
            }
        }
        return candidates.stream().min(VICTIM_ORDER).orElse(null);
    }
}
