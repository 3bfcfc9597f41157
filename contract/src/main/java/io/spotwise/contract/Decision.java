package io.spotwise.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * One admission decision of the webhook, as it was made. Topic {@code spotwise.decisions}, key
 * {@link WorkloadRef#key()}; retained (delete policy), so {@code spotwise replay} can re-run history with other
 * settings. Only decisions about opted-in workloads are recorded (a pod Spotwise does not manage leaves no record).
 *
 * @param id         unique; also written on a spot pod ({@code <prefix>/decision}) so the pod can be traced to it
 * @param pod        the pod's namespace and name, or its generateName followed by {@code *} when the API server names it
 * @param owner      the direct owner (ReplicaSet / StatefulSet) the counts are for
 * @param capacity   {@code spot} or {@code on-demand}
 * @param reason     why, the policy's reason: {@code BELOW_SPOT_SHARE}, {@code SPOT_SHARE_REACHED}, {@code MIN_ON_DEMAND},
 *                   {@code SPOT_DISABLED}
 * @param counts     the owner's counts the decision was based on (in-flight admissions included)
 * @param dryRun     observation mode: the pod was left unchanged whatever {@code capacity} says
 * @param instance   the decider replica that decided
 */
public record Decision(
        int schemaVersion,
        String id,
        String pod,
        WorkloadRef workload,
        OwnerRef owner,
        String capacity,
        String reason,
        SplitCounts counts,
        boolean dryRun,
        String instance,
        Instant decidedAt) implements SpotwiseRecord {

    public static final String SPOT = "spot";
    public static final String ON_DEMAND = "on-demand";

    public Decision {
        RecordChecks.of("Decision", id).present(id, "id").present(workload, "workload").present(owner, "owner")
                .oneOf(capacity, "capacity", List.of(SPOT, ON_DEMAND)).present(reason, "reason").present(decidedAt, "decidedAt");
    }

    @JsonIgnore
    public boolean isSpot() {
        return SPOT.equals(capacity);
    }
}
