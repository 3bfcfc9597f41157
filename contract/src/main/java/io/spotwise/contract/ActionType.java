package io.spotwise.contract;

/** What the actuator is asked to do. */
public enum ActionType {
    /** Evict one pod through the policy/v1 Eviction subresource. */
    EVICT_POD,
    /** Set {@code <prefix>/spot-disabled-until} on the workload and report SpotSchedulingDisabled. */
    DISABLE_SPOT,
    /** Remove {@code <prefix>/spot-disabled-until} and report SpotSchedulingEnabled. */
    ENABLE_SPOT,
    /** Report only: the workload's spot-config annotation is unusable (SpotConfigInvalid). */
    REPORT_CONFIG_INVALID,
    /** Report only: a rollout holds the workload's rebalancing back (SpotRebalancingPaused). */
    REPORT_REBALANCE_PAUSED,
    /** Set {@code controller.kubernetes.io/pod-deletion-cost} on one pod (its ReplicaSet's scale-down order). */
    SET_DELETION_COST
}
