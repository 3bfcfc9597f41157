package io.spotwise.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Construction-time validation of actions: every failure names the kind, the action and the field. */
final class ActionChecks {

    private final String kind;
    private final String id;
    private final WorkloadRef workload;

    private ActionChecks(String kind, String id, WorkloadRef workload) {
        this.kind = kind;
        this.id = id;
        this.workload = workload;
    }

    /** Checks the envelope every action carries and returns a checker for the kind's own fields. */
    static ActionChecks envelope(String kind, String id, WorkloadRef workload, String workloadUid, ActionReason reason,
                                 Set<ActionReason> allowed, Instant decidedAt, long leaderEpoch, Instant expiresAt) {
        ActionChecks c = new ActionChecks(kind, id, workload);
        c.text(id, "id");
        c.present(workload, "workload");
        c.text(workloadUid, "workloadUid");
        c.present(reason, "reason");
        if (!allowed.contains(reason)) {
            throw c.invalid("reason", "must be one of " + allowed + ", not " + reason);
        }
        c.present(decidedAt, "decidedAt");
        if (leaderEpoch < 0) {
            throw c.invalid("leaderEpoch", "must not be negative, was " + leaderEpoch);
        }
        c.after(expiresAt, decidedAt, "expiresAt");
        return c;
    }

    void present(Object value, String field) {
        if (value == null) {
            throw invalid(field, "is required");
        }
    }

    void text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
    }

    void after(Instant value, Instant than, String field) {
        present(value, field);
        if (!value.isAfter(than)) {
            throw invalid(field, "must be after decidedAt " + than + ", was " + value);
        }
    }

    void notNegative(Duration value, String field) {
        present(value, field);
        if (value.isNegative()) {
            throw invalid(field, "must not be negative, was " + value);
        }
    }

    void positive(Duration value, String field) {
        present(value, field);
        if (value.isNegative() || value.isZero()) {
            throw invalid(field, "must be positive, was " + value);
        }
    }

    /** The pod of a workload: same namespace, a name, and a UID (the eviction's precondition). */
    void podOfWorkload(PodRef pod, String field) {
        present(pod, field);
        text(pod.uid(), field + ".uid");
        if (!pod.namespace().equals(workload.namespace())) {
            throw invalid(field + ".namespace", "must be the workload's namespace " + workload.namespace() + ", was " + pod.namespace());
        }
    }

    InvalidActionException invalid(String field, String problem) {
        String who = kind + (id == null ? "" : " " + id) + (workload == null ? "" : " of " + workload);
        return new InvalidActionException(field, who + ": field '" + field + "' " + problem);
    }
}
