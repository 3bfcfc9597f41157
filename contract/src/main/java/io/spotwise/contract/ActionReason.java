package io.spotwise.contract;

/** Why an action was decided; each maps to one Kubernetes Event reason. */
public enum ActionReason {
    /** A spot pod stayed Pending past scheduleTimeout: SpotSchedulingDisabled / SpotFallbackEviction. */
    FALLBACK,
    /** The workload has more spot pods than its split wants: SpotRebalancingEviction. */
    REBALANCE_EXCESS_SPOT,
    /** The workload has more on-demand pods than its split wants: SpotRebalancingEviction. */
    REBALANCE_EXCESS_ON_DEMAND,
    /** The fallback window ended: SpotSchedulingEnabled. */
    FALLBACK_WINDOW_ENDED,
    /** The spot-config annotation could not be used: SpotConfigInvalid. */
    CONFIG_INVALID,
    /** A rollout holds rebalancing back (paused, OnDelete, stuck): SpotRebalancingPaused. */
    REBALANCE_PAUSED,
    /** The scale-down order of a ReplicaSet's pods (pod-deletion-cost); no Event. */
    DELETION_COST
}
