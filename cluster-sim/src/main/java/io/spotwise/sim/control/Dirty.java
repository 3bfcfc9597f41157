package io.spotwise.sim.control;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What changed since the last pass, by object UID: each controller reconciles only these (a resync marks
 * everything). {@code capacity} says the scheduler should retry every unbound pod (a node or a bound pod changed).
 */
final class Dirty {

    final Set<String> deployments = new LinkedHashSet<>();
    final Set<String> replicaSets = new LinkedHashSet<>();
    final Set<String> statefulSets = new LinkedHashSet<>();
    final Set<String> budgets = new LinkedHashSet<>();
    final Set<String> budgetNamespaces = new LinkedHashSet<>();
    /** Pods and ReplicaSets whose controlling owner may be gone (garbage collection). */
    final Set<String> orphanCandidates = new LinkedHashSet<>();
    /** Pods the scheduler should look at even without a capacity change. */
    final Set<String> newlyUnbound = new LinkedHashSet<>();
    boolean capacity;
    /** Nodes removed: their pods are force-deleted. */
    final Set<String> lostNodes = new LinkedHashSet<>();

    boolean isEmpty() {
        return deployments.isEmpty() && replicaSets.isEmpty() && statefulSets.isEmpty() && budgets.isEmpty()
                && budgetNamespaces.isEmpty() && orphanCandidates.isEmpty() && newlyUnbound.isEmpty() && !capacity
                && lostNodes.isEmpty();
    }

    /** A resync: every object counts as changed. */
    void everything(ClusterState state) {
        deployments.addAll(state.deployments.keySet());
        replicaSets.addAll(state.replicaSets.keySet());
        statefulSets.addAll(state.statefulSets.keySet());
        budgets.addAll(state.budgets.keySet());
        orphanCandidates.addAll(state.pods.keySet());
        orphanCandidates.addAll(state.replicaSets.keySet());
        capacity = true;
    }

    void clear() {
        deployments.clear();
        replicaSets.clear();
        statefulSets.clear();
        budgets.clear();
        budgetNamespaces.clear();
        orphanCandidates.clear();
        newlyUnbound.clear();
        capacity = false;
        lostNodes.clear();
    }
}
