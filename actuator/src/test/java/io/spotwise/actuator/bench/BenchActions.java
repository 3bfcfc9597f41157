package io.spotwise.actuator.bench;

import io.spotwise.common.contract.Action;
import io.spotwise.common.contract.ActionReason;
import io.spotwise.common.contract.ActionType;
import io.spotwise.common.contract.PodRef;
import io.spotwise.common.contract.Preconditions;
import io.spotwise.common.contract.SpotwiseRecord;
import io.spotwise.common.contract.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Fallback actions as the decider writes them, decided at the moment they are published. */
final class BenchActions {

    private BenchActions() {
    }

    static Action disable(String ns, String workload, Instant until, Instant decidedAt) {
        return new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, UUID.randomUUID().toString(), ActionType.DISABLE_SPOT, ActionReason.FALLBACK,
                WorkloadRef.deployment(ns, workload), null, new PodRef(ns, workload + "-0", null), Preconditions.NONE, null, until,
                Duration.ofSeconds(72), Duration.ofMinutes(1), null, decidedAt);
    }

    static Action fallbackEviction(String ns, String workload, String pod, String uid, Instant until, Instant decidedAt) {
        return new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, UUID.randomUUID().toString(), ActionType.EVICT_POD, ActionReason.FALLBACK,
                WorkloadRef.deployment(ns, workload), null, new PodRef(ns, pod, uid), new Preconditions(uid, true, null), null, until,
                Duration.ofSeconds(72), Duration.ofMinutes(1), null, decidedAt);
    }
}
