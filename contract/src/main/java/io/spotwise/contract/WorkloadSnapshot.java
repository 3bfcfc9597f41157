package io.spotwise.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * The observed state of one Deployment or StatefulSet, opted in or not (opt-out must be visible downstream).
 * Topic {@code spotwise.workloads}, key {@link WorkloadRef#key()}; a tombstone means the workload is gone.
 *
 * @param enabled            the opt-in label is exactly {@code "true"}
 * @param spotConfigRaw      the raw spot-config annotation, null when absent
 * @param spotConfig         its parsed fields, {@link SpotConfig#EMPTY} when absent or unreadable
 * @param spotConfigError    why the annotation could not be read (malformed JSON, wrong type); null when readable
 * @param disabledUntilRaw   the raw spot-disabled-until annotation, null when absent
 * @param disabledUntil      its parsed value; null when absent or not RFC 3339
 * @param rollout            paused / update strategy / partition; null in records of older watchers
 * @param dryRun             the workload carries {@code <prefix>/spot-dry-run: "true"} (observation mode); null in
 *                           records of older watchers (= false)
 */
public record WorkloadSnapshot(
        int schemaVersion,
        WorkloadRef workload,
        String uid,
        int replicas,
        boolean enabled,
        String spotConfigRaw,
        SpotConfig spotConfig,
        String spotConfigError,
        String disabledUntilRaw,
        Instant disabledUntil,
        long generation,
        String resourceVersion,
        Instant observedAt,
        RolloutControl rollout,
        Boolean dryRun) implements SpotwiseRecord {

    public WorkloadSnapshot {
        RecordChecks.of("WorkloadSnapshot", workload).present(workload, "workload").present(observedAt, "observedAt");
        spotConfig = spotConfig == null ? SpotConfig.EMPTY : spotConfig;
    }

    /** A snapshot without rollout control and not in dry-run (what older watchers wrote). */
    public WorkloadSnapshot(int schemaVersion, WorkloadRef workload, String uid, int replicas, boolean enabled,
                            String spotConfigRaw, SpotConfig spotConfig, String spotConfigError, String disabledUntilRaw,
                            Instant disabledUntil, long generation, String resourceVersion, Instant observedAt) {
        this(schemaVersion, workload, uid, replicas, enabled, spotConfigRaw, spotConfig, spotConfigError, disabledUntilRaw,
                disabledUntil, generation, resourceVersion, observedAt, null, null);
    }

    /** The per-workload dry-run annotation is set. */
    @JsonIgnore
    public boolean isDryRun() {
        return Boolean.TRUE.equals(dryRun);
    }
}
