package io.spotwise.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fallback: evict a spot pod that stayed Pending past the schedule timeout so its owner recreates it on on-demand
 * nodes (Event {@code SpotFallbackEviction}). Executed only while the pod is still Pending and only before
 * {@link #windowEnd()}: an eviction decided for a fallback window that has ended would put the pod back on spot.
 *
 * @param pendingFor       how long the pod had been Pending when decided
 * @param scheduleTimeout  the timeout it was measured against
 * @param windowEnd        the end of the fallback window the eviction belongs to ({@code spot-disabled-until})
 * @param counts           the pod's owner's split at decision time
 * @param dryRun           observation mode: the actuator reports what it would do ({@code DRY_RUN}), never acts
 */
public record FallbackEviction(
        String id,
        WorkloadRef workload,
        String workloadUid,
        ActionReason reason,
        Instant decidedAt,
        long leaderEpoch,
        Instant expiresAt,
        PodRef pod,
        Duration pendingFor,
        Duration scheduleTimeout,
        Instant windowEnd,
        SplitCounts counts,
        boolean dryRun) implements PodEviction {

    private static final Set<ActionReason> REASONS = EnumSet.of(ActionReason.FALLBACK);

    public FallbackEviction {
        RecordChecks c = RecordChecks.envelope("FallbackEviction", id, workload, workloadUid, reason, REASONS, decidedAt, leaderEpoch, expiresAt);
        c.podOfWorkload(pod, "pod");
        c.notNegative(pendingFor, "pendingFor");
        c.positive(scheduleTimeout, "scheduleTimeout");
        c.after(windowEnd, decidedAt, "windowEnd");
        c.present(counts, "counts");
    }

    /** Expired at {@link #expiresAt()} or at the end of its fallback window, whichever comes first. */
    @Override
    public boolean expiredAt(Instant now) {
        return PodEviction.super.expiredAt(now) || !now.isBefore(windowEnd);
    }

    /** Not dry-run. */
    public FallbackEviction(String id, WorkloadRef workload, String workloadUid, ActionReason reason, Instant decidedAt,
                            long leaderEpoch, Instant expiresAt, PodRef pod, Duration pendingFor, Duration scheduleTimeout,
                            Instant windowEnd, SplitCounts counts) {
        this(id, workload, workloadUid, reason, decidedAt, leaderEpoch, expiresAt, pod, pendingFor, scheduleTimeout, windowEnd, counts, false);
    }
}
