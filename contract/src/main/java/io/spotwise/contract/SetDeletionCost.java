package io.spotwise.contract;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keep {@code controller.kubernetes.io/pod-deletion-cost} on one pod of an opted-in ReplicaSet (Kubernetes ≥ 1.22
 * removes pods with a lower cost first when it scales down), so a scale-in removes the over-represented capacity type
 * first and leaves the split the workload wants, with no rebalancing eviction. No Event: it is bookkeeping, counted in
 * the actuator's metrics and visible on the pod.
 *
 * @param pod     the pod (with UID: a recreated pod of the same name is not the target), of {@code owner}
 * @param owner   the ReplicaSet whose scale-down order this ranks
 * @param cost    the annotation's value: higher is removed later
 * @param dryRun  observation mode: the actuator reports what it would do ({@code DRY_RUN}), never patches
 */
public record SetDeletionCost(
        String id,
        WorkloadRef workload,
        String workloadUid,
        ActionReason reason,
        Instant decidedAt,
        long leaderEpoch,
        Instant expiresAt,
        PodRef pod,
        String owner,
        int cost,
        boolean dryRun) implements Action {

    /** The annotation Kubernetes' ReplicaSet controller reads. */
    public static final String ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";

    private static final Set<ActionReason> REASONS = EnumSet.of(ActionReason.DELETION_COST);

    public SetDeletionCost {
        RecordChecks c = RecordChecks.envelope("SetDeletionCost", id, workload, workloadUid, reason, REASONS, decidedAt,
                leaderEpoch, expiresAt);
        c.podOfWorkload(pod, "pod");
        c.text(owner, "owner");
    }

    @Override
    public ActionType type() {
        return ActionType.SET_DELETION_COST;
    }
}
