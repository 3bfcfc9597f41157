package io.spotwise.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Construction-time validation of the contract's records, written once: every failure is an
 * {@link InvalidRecordException} (an {@link InvalidActionException} for actions) whose message names the record (its
 * kind, and its id or key when known) and the field, e.g. {@code PodSnapshot Pod(shop/web-1): field 'phase' is required}.
 */
final class RecordChecks {

    private final String kind;
    private final Object name;
    private final WorkloadRef workload;
    private final boolean action;

    private RecordChecks(String kind, Object name, WorkloadRef workload, boolean action) {
        this.kind = kind;
        this.name = name;
        this.workload = workload;
        this.action = action;
    }

    /** Checks for a record named by its kind and, when known, its id or key ({@code name} may be null). */
    static RecordChecks of(String kind, Object name) {
        return new RecordChecks(kind, name, null, false);
    }

    /** Checks the envelope every action carries and returns a checker for the kind's own fields. */
    static RecordChecks envelope(String kind, String id, WorkloadRef workload, String workloadUid, ActionReason reason,
                                 Set<ActionReason> allowed, Instant decidedAt, long leaderEpoch, Instant expiresAt) {
        RecordChecks c = new RecordChecks(kind, id, workload, true);
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

    RecordChecks present(Object value, String field) {
        if (value == null) {
            throw invalid(field, "is required");
        }
        return this;
    }

    RecordChecks text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
        return this;
    }

    RecordChecks oneOf(String value, String field, List<String> allowed) {
        present(value, field);
        if (!allowed.contains(value)) {
            throw invalid(field, "must be one of " + allowed + ", not '" + value + "'");
        }
        return this;
    }

    /** After the action's decidedAt. */
    RecordChecks after(Instant value, Instant decidedAt, String field) {
        present(value, field);
        if (!value.isAfter(decidedAt)) {
            throw invalid(field, "must be after decidedAt " + decidedAt + ", was " + value);
        }
        return this;
    }

    RecordChecks notNegative(Duration value, String field) {
        present(value, field);
        if (value.isNegative()) {
            throw invalid(field, "must not be negative, was " + value);
        }
        return this;
    }

    RecordChecks positive(Duration value, String field) {
        present(value, field);
        if (value.isNegative() || value.isZero()) {
            throw invalid(field, "must be positive, was " + value);
        }
        return this;
    }

    /** The pod of the action's workload: same namespace, a name, and a UID (the eviction's precondition). */
    RecordChecks podOfWorkload(PodRef pod, String field) {
        present(pod, field);
        text(pod.uid(), field + ".uid");
        if (!pod.namespace().equals(workload.namespace())) {
            throw invalid(field + ".namespace", "must be the workload's namespace " + workload.namespace() + ", was " + pod.namespace());
        }
        return this;
    }

    InvalidRecordException invalid(String field, String problem) {
        String who = kind + (name == null ? "" : " " + name) + (workload == null ? "" : " of " + workload);
        String message = who + ": field '" + field + "' " + problem;
        return action ? new InvalidActionException(field, message) : new InvalidRecordException(field, message);
    }
}
