package io.spotwise.contract;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Report only: a rollout holds the workload's rebalancing back, said once per episode and cause (Event
 * {@code SpotRebalancingPaused}, Normal). See docs/policy.md, "Rollouts".
 *
 * @param pause   the cause: {@code ROLLOUT_PAUSED}, {@code ON_DELETE} or {@code ROLLOUT_STUCK}
 * @param detail  what holds rebalancing and when it resumes, for humans
 */
public record ReportRebalancePaused(
        String id,
        WorkloadRef workload,
        String workloadUid,
        ActionReason reason,
        Instant decidedAt,
        long leaderEpoch,
        Instant expiresAt,
        String pause,
        String detail) implements Action {

    private static final Set<ActionReason> REASONS = EnumSet.of(ActionReason.REBALANCE_PAUSED);

    public ReportRebalancePaused {
        RecordChecks c = RecordChecks.envelope("ReportRebalancePaused", id, workload, workloadUid, reason, REASONS, decidedAt,
                leaderEpoch, expiresAt);
        c.text(pause, "pause");
        c.text(detail, "detail");
    }

    @Override
    public ActionType type() {
        return ActionType.REPORT_REBALANCE_PAUSED;
    }
}
