package io.spotwise.contract.serde;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.InvalidActionException;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
import java.time.Duration;
import java.time.Instant;

/**
 * Schema version 1 of an action, exactly as earlier builds wrote it (one record, positional nullable fields), and its
 * upgrade to the typed kinds of version 2. What v1 never carried is filled in as follows:
 * <ul>
 *   <li>{@code leaderEpoch} 0 (no fencing then); {@code expiresAt} = decidedAt + {@link #MAX_AGE} (5 min, the
 *       decider's default {@code SPOTWISE_ACTION_TIMEOUT}, after which it stopped waiting for the outcome anyway)</li>
 *   <li>a fallback eviction's {@code windowEnd}: its {@code disabledUntil} when set, else decidedAt +
 *       {@link #FALLBACK_WINDOW} (2 min, the default fallback duration)</li>
 *   <li>the pod UID: {@code preconditions.podUid}, else {@code pod.uid}; an eviction with neither is refused, as
 *       is every record missing what its v2 kind requires (it goes to the dead-letter topic)</li>
 *   <li>DISABLE_SPOT's trigger pod and ENABLE_SPOT's counts stay null when absent (the v1 decider never wrote them)</li>
 * </ul>
 */
record ActionV1(
        int schemaVersion,
        String id,
        ActionType type,
        ActionReason reason,
        WorkloadRef workload,
        String workloadUid,
        PodRef pod,
        Preconditions preconditions,
        SplitCounts counts,
        Instant disabledUntil,
        Duration pendingFor,
        Duration scheduleTimeout,
        String detail,
        Instant decidedAt) {

    static final Duration MAX_AGE = Duration.ofMinutes(5);
    static final Duration FALLBACK_WINDOW = Duration.ofMinutes(2);

    /** v1 preconditions; null fields meant "any". */
    record Preconditions(String podUid, boolean requirePending, String workloadUid) {
    }

    ActionV1 {
        require(type, "type");
        require(decidedAt, "decidedAt");
    }

    Action upgrade() {
        String wUid = preconditions != null && preconditions.workloadUid() != null ? preconditions.workloadUid() : workloadUid;
        Instant expiresAt = decidedAt.plus(MAX_AGE);
        return switch (type) {
            case EVICT_POD -> {
                require(pod, "pod");
                String podUid = preconditions != null && preconditions.podUid() != null ? preconditions.podUid() : pod.uid();
                PodRef target = new PodRef(pod.namespace(), pod.name(), podUid);
                yield reason == ActionReason.FALLBACK
                        ? new FallbackEviction(id, workload, wUid, reason, decidedAt, 0, expiresAt, target, pendingFor, scheduleTimeout,
                                disabledUntil != null ? disabledUntil : decidedAt.plus(FALLBACK_WINDOW), counts)
                        : new RebalanceEviction(id, workload, wUid, reason, decidedAt, 0, expiresAt, target, counts);
            }
            case DISABLE_SPOT -> {
                boolean known = pod != null && pod.uid() != null && pendingFor != null;
                yield new DisableSpot(id, workload, wUid, reason, decidedAt, 0, expiresAt, disabledUntil, known ? pod : null,
                        known ? pendingFor : null, scheduleTimeout, counts);
            }
            case ENABLE_SPOT -> new EnableSpot(id, workload, wUid, reason, decidedAt, 0, expiresAt, disabledUntil, counts);
            case REPORT_CONFIG_INVALID -> new ReportConfigInvalid(id, workload, wUid, reason, decidedAt, 0, expiresAt, detail);
            case REPORT_REBALANCE_PAUSED, SET_DELETION_COST -> throw new InvalidActionException("type", "schema version 1 has no " + type);
        };
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new InvalidActionException(field, "schema version 1 action: field '" + field + "' is required");
        }
    }
}
