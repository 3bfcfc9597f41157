package io.spotwise.contract;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Report only: the workload's {@code <prefix>/spot-config} annotation cannot be used (Event {@code SpotConfigInvalid}).
 *
 * @param detail  what is wrong and what is used instead, for humans, e.g.
 *                {@code percentage 150 is not in [0, 100]; using the default 100}
 */
public record ReportConfigInvalid(
        String id,
        WorkloadRef workload,
        String workloadUid,
        ActionReason reason,
        Instant decidedAt,
        long leaderEpoch,
        Instant expiresAt,
        String detail) implements Action {

    private static final Set<ActionReason> REASONS = EnumSet.of(ActionReason.CONFIG_INVALID);

    public ReportConfigInvalid {
        RecordChecks c = RecordChecks.envelope("ReportConfigInvalid", id, workload, workloadUid, reason, REASONS, decidedAt, leaderEpoch, expiresAt);
        c.text(detail, "detail");
    }

    @Override
    public ActionType type() {
        return ActionType.REPORT_CONFIG_INVALID;
    }
}
