package io.spotwise.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * The observed state of one pod. Topic {@code spotwise.pods}, key {@code namespace/name}, written to the partition of
 * its workload; a tombstone (null value) on the same partition means the pod is gone.
 *
 * @param workload             the top-level workload, null for pods Spotwise does not manage (bare pods, Jobs, ...)
 * @param owner                the direct owner (first ownerReference), null for bare pods
 * @param revision             pod-template-hash (Deployment) or controller-revision-hash (StatefulSet) label
 * @param spotAssigned         the pod carries {@code <prefix>/spot-assigned: "true"}
 * @param nodeName             the node it is bound to, null while unbound
 * @param nodeCapacityType     the node's {@code <prefix>/capacity-type} label, null when unbound or unlabelled
 * @param nodeDisruption       the disruption taint (or "cordoned") on the node, null when none
 * @param phase                pod phase: Pending, Running, Succeeded, Failed, Unknown
 * @param scheduledStatus      PodScheduled condition status (True / False / Unknown), null when absent
 * @param scheduledReason      PodScheduled condition reason, e.g. Unschedulable
 * @param deleting             deletionTimestamp is set
 */
public record PodSnapshot(
        int schemaVersion,
        PodRef pod,
        WorkloadRef workload,
        OwnerRef owner,
        String revision,
        boolean spotAssigned,
        String nodeName,
        String nodeCapacityType,
        String nodeDisruption,
        String phase,
        String scheduledStatus,
        String scheduledReason,
        boolean ready,
        Instant createdAt,
        boolean deleting,
        String resourceVersion,
        Instant observedAt) implements SpotwiseRecord {

    public PodSnapshot {
        RecordChecks.of("PodSnapshot", pod).present(pod, "pod").present(phase, "phase").present(observedAt, "observedAt");
    }

    @JsonIgnore
    public boolean isPending() {
        return "Pending".equals(phase);
    }

    @JsonIgnore
    public boolean isTerminal() {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Not yet bound to a node: the signal of missing capacity (a bound Pending pod is pulling images). */
    @JsonIgnore
    public boolean isUnbound() {
        return nodeName == null || nodeName.isEmpty();
    }
}
