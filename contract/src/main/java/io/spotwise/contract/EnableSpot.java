package io.spotwise.contract;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * End a fallback window: remove {@code <prefix>/spot-disabled-until} from the workload and report
 * {@code SpotSchedulingEnabled}.
 *
 * @param previousUntil  the end of the window that ended (the annotation's value when decided; not after decidedAt)
 * @param counts         the workload's split (all direct owners summed, owner null) that placement follows again.
 *                       Always written by the v2 decider; null only in a record upgraded from schema version 1
 * @param dryRun           observation mode: the actuator reports what it would do ({@code DRY_RUN}), never acts
 */
public record EnableSpot(
        String id,
        WorkloadRef workload,
        String workloadUid,
        ActionReason reason,
        Instant decidedAt,
        long leaderEpoch,
        Instant expiresAt,
        Instant previousUntil,
        SplitCounts counts,
        boolean dryRun) implements Action {

    private static final Set<ActionReason> REASONS = EnumSet.of(ActionReason.FALLBACK_WINDOW_ENDED);

    public EnableSpot {
        RecordChecks c = RecordChecks.envelope("EnableSpot", id, workload, workloadUid, reason, REASONS, decidedAt, leaderEpoch, expiresAt);
        c.present(previousUntil, "previousUntil");
        if (previousUntil.isAfter(decidedAt)) {
            throw c.invalid("previousUntil", "must not be after decidedAt " + decidedAt + " (the window has not ended), was " + previousUntil);
        }
    }

    @Override
    public ActionType type() {
        return ActionType.ENABLE_SPOT;
    }

    /** Not dry-run. */
    public EnableSpot(String id, WorkloadRef workload, String workloadUid, ActionReason reason, Instant decidedAt,
                      long leaderEpoch, Instant expiresAt, Instant previousUntil, SplitCounts counts) {
        this(id, workload, workloadUid, reason, decidedAt, leaderEpoch, expiresAt, previousUntil, counts, false);
    }
}
