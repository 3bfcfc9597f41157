package io.spotwise.actuator.guard;

import io.spotwise.contract.WorkloadRef;

/**
 * Where a live pod's controller owner references lead: pod → ReplicaSet → Deployment, or pod → StatefulSet.
 *
 * @param workload     the top-level workload, null when the chain does not end at one
 * @param workloadUid  the UID the last owner reference names
 * @param problem      why there is no workload (bare pod, a Job, a ReplicaSet that is gone or not the one referenced)
 */
public record OwnerChain(WorkloadRef workload, String workloadUid, String problem) {

    public static OwnerChain of(WorkloadRef workload, String uid) {
        return new OwnerChain(workload, uid, null);
    }

    public static OwnerChain broken(String problem) {
        return new OwnerChain(null, null, problem);
    }
}
