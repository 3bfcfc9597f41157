package io.spotwise.common.contract;

/**
 * What must still hold on the live object when the actuator acts, checked just before the mutating call.
 *
 * @param podUid          the target pod must still have this UID (a recreated pod of the same name is not the target)
 * @param requirePending  the pod must still be in phase Pending (fallback evictions)
 * @param workloadUid     the workload must still have this UID (null: any)
 */
public record Preconditions(String podUid, boolean requirePending, String workloadUid) {

    public static final Preconditions NONE = new Preconditions(null, false, null);
}
