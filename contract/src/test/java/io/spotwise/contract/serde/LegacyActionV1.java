package io.spotwise.contract.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The schema-version-1 writer, kept in test scope: {@code io.spotwise.contract.Action} and
 * {@code Preconditions} exactly as they were before the typed contract (commit 40bfc4f), encoded the way
 * {@code RecordCodec.encode} encoded them then (the shared mapper, the record's components in order). Old JSON for
 * the compatibility test is produced with this, not written by hand.
 */
record LegacyActionV1(
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

    record Preconditions(String podUid, boolean requirePending, String workloadUid) {
        static final Preconditions NONE = new Preconditions(null, false, null);
    }

    LegacyActionV1 {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(decidedAt, "decidedAt");
        preconditions = preconditions == null ? Preconditions.NONE : preconditions;
        if (type == ActionType.EVICT_POD && pod == null) {
            throw new IllegalArgumentException("pod is required for EVICT_POD");
        }
        if (type == ActionType.DISABLE_SPOT && disabledUntil == null) {
            throw new IllegalArgumentException("disabledUntil is required for DISABLE_SPOT");
        }
    }

    byte[] encode() throws JsonProcessingException {
        return RecordCodec.mapper().writeValueAsBytes(this);
    }
}
