package io.spotwise.actuator;

import io.spotwise.common.contract.Action;
import io.spotwise.common.contract.ActionReason;
import io.spotwise.common.contract.ActionType;
import io.spotwise.common.contract.PodRef;
import io.spotwise.common.contract.Preconditions;
import io.spotwise.common.contract.SpotwiseRecord;
import io.spotwise.common.contract.SplitCounts;
import io.spotwise.common.contract.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Actions as the decider writes them, for tests. */
public final class Actions {

    public static final Instant NOW = Instant.parse("2026-06-25T10:13:30Z");

    private Actions() {
    }

    public static Action rebalance(String ns, String pod, String uid, ActionReason direction) {
        return new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, UUID.randomUUID().toString(), ActionType.EVICT_POD, direction,
                WorkloadRef.deployment(ns, "web"), null, new PodRef(ns, pod, uid), new Preconditions(uid, false, null),
                new SplitCounts("web-7d9f", 3, 7, 6, 4, 60, 2), null, null, null, null, NOW);
    }

    public static Action fallbackEviction(String ns, String pod, String uid) {
        return fallbackEviction(ns, pod, uid, NOW, Instant.parse("2026-06-25T10:15:30Z"));
    }

    /** A fallback eviction decided at {@code decidedAt} for a fallback window ending at {@code windowEnd}. */
    public static Action fallbackEviction(String ns, String pod, String uid, Instant decidedAt, Instant windowEnd) {
        return new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, UUID.randomUUID().toString(), ActionType.EVICT_POD, ActionReason.FALLBACK,
                WorkloadRef.deployment(ns, "web"), null, new PodRef(ns, pod, uid), new Preconditions(uid, true, null), null,
                windowEnd, Duration.ofSeconds(72), Duration.ofMinutes(1), null, decidedAt);
    }

    public static Action disable(String ns, String workload, Instant until) {
        return new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, UUID.randomUUID().toString(), ActionType.DISABLE_SPOT, ActionReason.FALLBACK,
                WorkloadRef.deployment(ns, workload), null, new PodRef(ns, workload + "-1", null), Preconditions.NONE, null, until,
                Duration.ofSeconds(72), Duration.ofMinutes(1), null, NOW);
    }

    public static Action enable(String ns, String workload) {
        return new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, UUID.randomUUID().toString(), ActionType.ENABLE_SPOT,
                ActionReason.FALLBACK_WINDOW_ENDED, WorkloadRef.deployment(ns, workload), null, null, Preconditions.NONE,
                new SplitCounts(null, 0, 10, 6, 4, 60, 2), null, null, null, null, NOW);
    }

    public static Action configInvalid(String ns, String workload, String detail) {
        return new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, UUID.randomUUID().toString(), ActionType.REPORT_CONFIG_INVALID,
                ActionReason.CONFIG_INVALID, WorkloadRef.deployment(ns, workload), null, null, Preconditions.NONE, null, null, null, null,
                detail, NOW);
    }
}
