package io.spotwise.decider.policy;

import io.spotwise.common.contract.WorkloadRef;
import java.time.Instant;
import java.util.TreeMap;

/**
 * One workload: its config when known (a snapshot was seen), its direct owners (sorted by name, for deterministic
 * ticks), and the marks our own actions left.
 */
final class WorkloadState {

    final WorkloadRef ref;
    /** A snapshot was seen and not tombstoned. */
    boolean known;
    boolean enabled;
    String uid;
    EffectiveConfig config;
    String spotConfigRaw;
    String disabledUntilRaw;
    final TreeMap<String, OwnerSet> owners = new TreeMap<>();
    /** End of a fallback window we decided and whose annotation we have not seen yet (epoch millis). */
    long requestedDisabledUntil = Long.MIN_VALUE;
    /** The bad spot-config value last reported (SpotConfigInvalid is emitted once per distinct value). */
    String reportedBadConfig;
    /** The spot-disabled-until value an ENABLE_SPOT was emitted for. */
    String enableIssuedFor;
    long enableRetryAt = Long.MIN_VALUE;
    int evictionsInFlight;

    WorkloadState(WorkloadRef ref) {
        this.ref = ref;
    }

    boolean managed() {
        return known && enabled;
    }

    boolean disabledAt(Instant now) {
        return (config != null && config.disabledAt(now)) || now.toEpochMilli() < requestedDisabledUntil;
    }

    /** Forget what opting in gave us: admissions, pending marks, reports (opt-out or tombstone; pods stay). */
    void clearTransient() {
        owners.values().forEach(OwnerSet::clearAdmissions);
        requestedDisabledUntil = Long.MIN_VALUE;
        reportedBadConfig = null;
        enableIssuedFor = null;
        enableRetryAt = Long.MIN_VALUE;
    }
}
