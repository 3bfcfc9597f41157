package io.spotwise.contract;

import java.time.Instant;
import java.util.Objects;

/**
 * The result of one action. Topic {@code spotwise.outcomes}, key {@link WorkloadRef#key()}.
 *
 * @param detail  human-readable detail: the API server's answer, the PodDisruptionBudget that blocked, ...
 * @param event   the Kubernetes Event written for it, null when none was written
 */
public record Outcome(
        int schemaVersion,
        String actionId,
        ActionType actionType,
        ActionReason reason,
        WorkloadRef workload,
        PodRef pod,
        OutcomeResult result,
        String detail,
        EventRecord event,
        Instant completedAt) implements SpotwiseRecord {

    public Outcome {
        Objects.requireNonNull(actionId, "actionId");
        Objects.requireNonNull(actionType, "actionType");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(completedAt, "completedAt");
    }
}
