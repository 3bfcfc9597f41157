package io.spotwise.watcher.state;

import io.spotwise.common.k8s.SpotConfigAnnotation;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Pure mapping from reduced facts to the snapshots of the Kafka contract. */
public final class SnapshotBuilder {

    private SnapshotBuilder() {
    }

    /**
     * @param workload the resolved workload, null when the pod has none Spotwise manages
     * @param node     the pod's node, null when unbound or not (yet) known
     */
    public static PodSnapshot pod(PodFacts f, WorkloadRef workload, NodeFacts node, Instant now) {
        return new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION,
                new PodRef(f.namespace(), f.name(), f.uid()),
                workload,
                f.owner(),
                f.revision(),
                f.spotAssigned(),
                f.nodeName(),
                node == null ? null : node.capacityType(),
                node == null ? null : node.disruption(),
                f.phase(),
                f.scheduledStatus(),
                f.scheduledReason(),
                f.ready(),
                f.createdAt(),
                f.deleting(),
                f.resourceVersion(),
                now);
    }

    public static WorkloadSnapshot workload(WorkloadFacts w, Instant now) {
        SpotConfigAnnotation.Parsed parsed = SpotConfigAnnotation.parse(w.spotConfigRaw());
        return new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION,
                w.ref(),
                w.uid(),
                w.replicas(),
                w.enabled(),
                w.spotConfigRaw(),
                parsed.config(),
                parsed.error(),
                w.disabledUntilRaw(),
                parseTime(w.disabledUntilRaw()),
                w.generation(),
                w.resourceVersion(),
                now,
                w.rollout(),
                w.dryRun());
    }

    /** RFC 3339 (with Z or an offset); null when absent or unreadable, which the decider treats as "not disabled". */
    static Instant parseTime(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Workload of a pod from its direct owner: StatefulSet is itself; ReplicaSet goes through its Deployment owner. */
    static WorkloadRef resolve(PodFacts f, ReplicaSetFacts rs, WorkloadRef previous) {
        if (f.owner() == null) {
            return null;
        }
        return switch (f.owner().kind()) {
            case "StatefulSet" -> WorkloadRef.statefulSet(f.namespace(), f.owner().name());
            // An unknown ReplicaSet (deleted before its pods) keeps the workload already resolved, so the pod's
            // records stay on the workload's partition until its tombstone.
            case "ReplicaSet" -> rs == null ? previous : rs.deployment() == null ? null : WorkloadRef.deployment(f.namespace(), rs.deployment());
            default -> null;
        };
    }
}
