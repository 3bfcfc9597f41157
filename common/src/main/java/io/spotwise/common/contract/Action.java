package io.spotwise.common.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One decided action. Topic {@code spotwise.actions}, key {@link WorkloadRef#key()}.
 *
 * @param id               unique id; the actuator remembers completed ids so a redelivery acts once
 * @param workloadUid      the workload's UID when decided
 * @param pod              the target pod (EVICT_POD), else null
 * @param counts           the split the decision was based on, null when not split-related
 * @param disabledUntil    DISABLE_SPOT: end of the fallback window
 * @param pendingFor       fallback EVICT_POD: how long the pod had been Pending
 * @param scheduleTimeout  fallback: the timeout it was measured against
 * @param detail           free text for humans: e.g. what is wrong with an annotation and what is used instead
 */
public record Action(
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
        Instant decidedAt) implements SpotwiseRecord {

    public Action {
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
}
