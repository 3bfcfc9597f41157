package io.spotwise.contract;

import java.time.Instant;

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
        RecordChecks.of("Outcome", actionId).present(actionId, "actionId")
                .present(actionType, "actionType").present(workload, "workload").present(result, "result")
                .present(completedAt, "completedAt");
    }
}
