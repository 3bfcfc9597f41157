package io.spotwise.contract;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Rebalancing: evict one pod of a direct owner that has too many pods on one capacity type (Event
 * {@code SpotRebalancingEviction}).
 *
 * @param reason  {@link ActionReason#REBALANCE_EXCESS_SPOT} or {@link ActionReason#REBALANCE_EXCESS_ON_DEMAND}: the
 *                direction, and the capacity type of the victim
 * @param counts  the owner's split at decision time (owner name, spot / on-demand now and wanted, percentage, minimum)
 * @param dryRun           observation mode: the actuator reports what it would do ({@code DRY_RUN}), never acts
 */
public record RebalanceEviction(
        String id,
        WorkloadRef workload,
        String workloadUid,
        ActionReason reason,
        Instant decidedAt,
        long leaderEpoch,
        Instant expiresAt,
        PodRef pod,
        SplitCounts counts,
        boolean dryRun) implements PodEviction {

    private static final Set<ActionReason> REASONS = EnumSet.of(ActionReason.REBALANCE_EXCESS_SPOT, ActionReason.REBALANCE_EXCESS_ON_DEMAND);

    public RebalanceEviction {
        RecordChecks c = RecordChecks.envelope("RebalanceEviction", id, workload, workloadUid, reason, REASONS, decidedAt, leaderEpoch, expiresAt);
        c.podOfWorkload(pod, "pod");
        c.present(counts, "counts");
    }

    /** True when the victim is a spot pod (the owner had too many on spot). */
    public boolean fromSpot() {
        return reason == ActionReason.REBALANCE_EXCESS_SPOT;
    }

    /** Not dry-run. */
    public RebalanceEviction(String id, WorkloadRef workload, String workloadUid, ActionReason reason, Instant decidedAt,
                             long leaderEpoch, Instant expiresAt, PodRef pod, SplitCounts counts) {
        this(id, workload, workloadUid, reason, decidedAt, leaderEpoch, expiresAt, pod, counts, false);
    }
}
