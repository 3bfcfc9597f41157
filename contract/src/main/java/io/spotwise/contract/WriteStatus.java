package io.spotwise.contract;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Write the workload's status for {@code kubectl}: the annotations {@code <prefix>/status} (compact JSON) and
 * {@code <prefix>/status-summary} (one line). Decided by the leader only when the status changed, at most once per
 * {@code SPOTWISE_DECIDER_STATUS_INTERVAL} per workload; no Event.
 *
 * @param status   compact JSON: desired and actual split, state, the last action and why (at most 1 KiB)
 * @param summary  the same as one line a human reads, e.g. {@code balanced: 6 spot / 4 on-demand (60 %, min 2)}
 */
public record WriteStatus(
        String id,
        WorkloadRef workload,
        String workloadUid,
        ActionReason reason,
        Instant decidedAt,
        long leaderEpoch,
        Instant expiresAt,
        String status,
        String summary) implements Action {

    /** Largest status accepted: the annotation stays small. */
    public static final int MAX_STATUS_CHARS = 1024;
    private static final Set<ActionReason> REASONS = EnumSet.of(ActionReason.STATUS);

    public WriteStatus {
        RecordChecks c = RecordChecks.envelope("WriteStatus", id, workload, workloadUid, reason, REASONS, decidedAt, leaderEpoch, expiresAt);
        c.text(status, "status");
        c.text(summary, "summary");
        if (status.length() > MAX_STATUS_CHARS || summary.length() > MAX_STATUS_CHARS) {
            throw c.invalid("status", "longer than " + MAX_STATUS_CHARS + " characters (status or summary)");
        }
    }

    @Override
    public ActionType type() {
        return ActionType.WRITE_STATUS;
    }
}
