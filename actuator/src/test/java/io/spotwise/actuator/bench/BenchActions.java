package io.spotwise.actuator.bench;

import io.spotwise.contract.ActionReason;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Fallback actions with every field the decider fills, decided at the moment they are published. */
final class BenchActions {

    private static final SplitCounts COUNTS = new SplitCounts(null, 10, 0, 10, 0, 100, 0);

    private BenchActions() {
    }

    static DisableSpot disable(String ns, String workload, String workloadUid, Instant until, Instant decidedAt) {
        return new DisableSpot(UUID.randomUUID().toString(), WorkloadRef.deployment(ns, workload), workloadUid, ActionReason.FALLBACK,
                decidedAt, 0, decidedAt.plus(Duration.ofMinutes(5)), until, new PodRef(ns, workload + "-0", workload + "-0-uid"),
                Duration.ofSeconds(72), Duration.ofMinutes(1), COUNTS);
    }

    static FallbackEviction fallbackEviction(String ns, String workload, String workloadUid, String pod, String uid, Instant until,
                                             Instant decidedAt) {
        return new FallbackEviction(UUID.randomUUID().toString(), WorkloadRef.deployment(ns, workload), workloadUid, ActionReason.FALLBACK,
                decidedAt, 0, decidedAt.plus(Duration.ofMinutes(5)), new PodRef(ns, pod, uid), Duration.ofSeconds(72),
                Duration.ofMinutes(1), until, COUNTS);
    }
}
