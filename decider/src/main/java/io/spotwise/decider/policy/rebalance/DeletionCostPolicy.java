package io.spotwise.decider.policy.rebalance;

import io.spotwise.decider.policy.config.EffectiveConfig;
import io.spotwise.decider.policy.config.Split;
import io.spotwise.decider.policy.state.ActionFactory;
import io.spotwise.decider.policy.state.OwnerSet;
import io.spotwise.decider.policy.state.PodEntry;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.WorkloadState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Keeps {@code controller.kubernetes.io/pod-deletion-cost} on the pods of each opted-in ReplicaSet so that a scale-in
 * removes the over-represented capacity type first (Kubernetes ≥ 1.22 removes lower costs first, after unscheduled,
 * Pending and not-ready pods). The pods are ranked in the order placement would have admitted them: walking the
 * placement rule ({@link Split#nextIsSpot}) over the set's pods, oldest first within each capacity type, the k-th
 * pod of that walk gets cost {@code BASE − k}. Scaling down to n pods then removes ranks n+1… and leaves the n pods
 * whose split is the one placement gives n pods: the reference's §6 scale-down (10 → 5) needs no rebalancing
 * eviction. The k-th pod of a type keeps its rank while older pods stay, so values are only rewritten when the set
 * really changes; a value is written only when it differs from the one last decided (or read back from
 * spotwise.actions), at most deletionCostPerTick per tick. StatefulSets ignore the annotation (they remove the highest
 * ordinal) and are left alone, as are pods being deleted.
 */
public final class DeletionCostPolicy {

    /** Rank k has cost BASE − k: pods created after the last tick (no annotation, cost 0) still go first. */
    public static final int BASE = 10_000;

    private static final Comparator<PodEntry> OLDEST_FIRST = Comparator.comparingLong((PodEntry p) -> p.createdAt())
            .thenComparing(PodEntry::name);

    private DeletionCostPolicy() {
    }

    public static void run(SpotState state, List<WorkloadState> managed, ActionFactory actions) {
        if (!state.settings().deletionCost()) {
            return;
        }
        int budget = state.settings().deletionCostPerTick();
        for (WorkloadState ws : managed) {
            for (OwnerSet set : ws.owners()) {
                if (budget <= 0) {
                    return;
                }
                if ("ReplicaSet".equals(set.kind())) {
                    budget = rank(set, ws.config(), actions, budget);
                }
            }
        }
    }

    /** Decides the set's costs; returns the budget left. */
    private static int rank(OwnerSet set, EffectiveConfig config, ActionFactory actions, int budget) {
        List<PodEntry> spot = new ArrayList<>();
        List<PodEntry> onDemand = new ArrayList<>();
        for (PodEntry pod = set.first(); pod != null; pod = pod.next()) {
            if (pod.counted() && !pod.is(PodEntry.EVICTING) && !pod.is(PodEntry.EVICTED)) {
                (pod.is(PodEntry.SPOT) ? spot : onDemand).add(pod);
            }
        }
        spot.sort(OLDEST_FIRST);
        onDemand.sort(OLDEST_FIRST);
        int s = 0;
        int o = 0;
        for (int k = 1; s + o < spot.size() + onDemand.size(); k++) {
            boolean wantSpot = Split.nextIsSpot(s, o, config.percentage(), config.minOnDemandReplicas());
            PodEntry pod = (wantSpot && s < spot.size()) || o >= onDemand.size() ? spot.get(s++) : onDemand.get(o++);
            int cost = BASE - k;
            if (pod.deletionCost() != cost) {
                if (budget <= 0) {
                    return 0;
                }
                actions.deletionCost(pod, cost);
                budget--;
            }
        }
        return budget;
    }
}
