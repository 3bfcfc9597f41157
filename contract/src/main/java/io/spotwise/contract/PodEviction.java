package io.spotwise.contract;

/**
 * Evict one pod through the policy/v1 Eviction subresource, with the pod's UID as precondition: a pod recreated
 * under the same name is never the target. {@link PodRef#uid()} is therefore required.
 */
public sealed interface PodEviction extends Action permits RebalanceEviction, FallbackEviction {

    /** The target pod; its namespace is the workload's and its UID is never null. */
    PodRef pod();

    /** The split of the pod's direct owner (ReplicaSet / StatefulSet) the decision was based on. */
    SplitCounts counts();

    @Override
    default ActionType type() {
        return ActionType.EVICT_POD;
    }
}
