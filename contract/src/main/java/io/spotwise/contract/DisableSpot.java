package io.spotwise.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Start a fallback window: set {@code <prefix>/spot-disabled-until} on the workload to {@link #disabledUntil()} and
 * report {@code SpotSchedulingDisabled}.
 *
 * @param disabledUntil    end of the fallback window (after decidedAt)
 * @param trigger          the spot pod whose Pending timeout started the fallback (the first by name when several).
 *                         Always written by the v2 decider; null (with {@code pendingFor}) only in a record upgraded from
 *                         schema version 1, whose writer did not know it: the Event then says "a spot pod"
 * @param pendingFor       how long {@code trigger} had been Pending; null exactly when {@code trigger} is
 * @param scheduleTimeout  the timeout it was measured against
 * @param counts           the workload's split (all direct owners summed, owner null) at decision time
 * @param dryRun           observation mode: the actuator reports what it would do ({@code DRY_RUN}), never acts
 * @param windowReason     why the window is as long as it is, or why the fallback came early (adaptive fallback, an
 *                         interruption burst), appended to the Event; null for a plain window of the configured length
 */
public record DisableSpot(
        String id,
        WorkloadRef workload,
        String workloadUid,
        ActionReason reason,
        Instant decidedAt,
        long leaderEpoch,
        Instant expiresAt,
        Instant disabledUntil,
        PodRef trigger,
        Duration pendingFor,
        Duration scheduleTimeout,
        SplitCounts counts,
        boolean dryRun,
        String windowReason) implements Action {

    private static final Set<ActionReason> REASONS = EnumSet.of(ActionReason.FALLBACK);

    public DisableSpot {
        RecordChecks c = RecordChecks.envelope("DisableSpot", id, workload, workloadUid, reason, REASONS, decidedAt, leaderEpoch, expiresAt);
        c.after(disabledUntil, decidedAt, "disabledUntil");
        if (trigger != null || pendingFor != null) {
            c.podOfWorkload(trigger, "trigger");
            c.notNegative(pendingFor, "pendingFor");
        }
        c.positive(scheduleTimeout, "scheduleTimeout");
        c.present(counts, "counts");
    }

    @Override
    public ActionType type() {
        return ActionType.DISABLE_SPOT;
    }

    /** A plain window (no windowReason). */
    public DisableSpot(String id, WorkloadRef workload, String workloadUid, ActionReason reason, Instant decidedAt,
                       long leaderEpoch, Instant expiresAt, Instant disabledUntil, PodRef trigger, Duration pendingFor,
                       Duration scheduleTimeout, SplitCounts counts, boolean dryRun) {
        this(id, workload, workloadUid, reason, decidedAt, leaderEpoch, expiresAt, disabledUntil, trigger, pendingFor, scheduleTimeout, counts,
                dryRun, null);
    }

    /** Not dry-run. */
    public DisableSpot(String id, WorkloadRef workload, String workloadUid, ActionReason reason, Instant decidedAt,
                       long leaderEpoch, Instant expiresAt, Instant disabledUntil, PodRef trigger, Duration pendingFor,
                       Duration scheduleTimeout, SplitCounts counts) {
        this(id, workload, workloadUid, reason, decidedAt, leaderEpoch, expiresAt, disabledUntil, trigger, pendingFor, scheduleTimeout, counts, false);
    }
}
