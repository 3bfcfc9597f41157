package io.spotwise.decider.policy.placement;

import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;

/**
 * The webhook's decision for one pod.
 *
 * @param workload  the resolved workload, null when UNMANAGED
 * @param owner     the direct owner's name the counts are for, null when UNMANAGED
 * @param counts    the counts the decision was based on (in-flight admissions included), null when UNMANAGED
 * @param dryRun    observation mode (cluster-wide or the workload's annotation): the decision is what Spotwise
 *                  would do; the webhook leaves the pod unchanged
 */
public record Placement(Capacity capacity, Reason reason, WorkloadRef workload, String owner, SplitCounts counts,
        boolean dryRun) {

    public Placement(Capacity capacity, Reason reason, WorkloadRef workload, String owner, SplitCounts counts) {
        this(capacity, reason, workload, owner, counts, false);
    }

    /** Where the pod goes. Only SPOT changes the pod. */
    public enum Capacity { SPOT, ON_DEMAND, UNMANAGED }

    public enum Reason {
        /** The pod has no ownerReference. */
        NO_OWNER,
        /** The first owner is not a ReplicaSet or StatefulSet (a Deployment directly, a Job, ...). */
        UNSUPPORTED_OWNER,
        /** A ReplicaSet whose Deployment could not be derived from its name. */
        OWNER_UNRESOLVED,
        /** The workload is known to the decider and not opted in. */
        NOT_OPTED_IN,
        /**
         * The decider has no record of the workload yet: a new workload whose pods the controller creates before the
         * watcher's record of it arrives (the webhook waits a bounded time for it), or one the watcher does not watch.
         */
        WORKLOAD_UNKNOWN,
        /** The workload is in its fallback window. */
        SPOT_DISABLED,
        /** Fewer on-demand pods than minOnDemandReplicas. */
        MIN_ON_DEMAND,
        /** Spot already has its share: spot ≥ floor((total+1) × percentage / 100). */
        SPOT_SHARE_REACHED,
        /** Spot is below its share. */
        BELOW_SPOT_SHARE
    }

    public static Placement unmanaged(Reason reason) {
        return new Placement(Capacity.UNMANAGED, reason, null, null, null);
    }

    public boolean isSpot() {
        return capacity == Capacity.SPOT;
    }
}
