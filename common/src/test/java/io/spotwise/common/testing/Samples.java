package io.spotwise.common.testing;

import io.spotwise.common.contract.Action;
import io.spotwise.common.contract.ActionReason;
import io.spotwise.common.contract.ActionType;
import io.spotwise.common.contract.DeadLetter;
import io.spotwise.common.contract.EventRecord;
import io.spotwise.common.contract.InvolvedObject;
import io.spotwise.common.contract.OwnerRef;
import io.spotwise.common.contract.Outcome;
import io.spotwise.common.contract.OutcomeResult;
import io.spotwise.common.contract.PodRef;
import io.spotwise.common.contract.PodSnapshot;
import io.spotwise.common.contract.Preconditions;
import io.spotwise.common.contract.SpotConfig;
import io.spotwise.common.contract.SplitCounts;
import io.spotwise.common.contract.SpotwiseRecord;
import io.spotwise.common.contract.WorkloadRef;
import io.spotwise.common.contract.WorkloadSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One realistic instance of every record type, for serde and round-trip tests. */
public final class Samples {

    public static final Instant T0 = Instant.parse("2026-06-25T10:15:30Z");
    public static final WorkloadRef WEB = WorkloadRef.deployment("shop", "web");

    private Samples() {
    }

    public static WorkloadSnapshot workload(WorkloadRef ref) {
        return new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, ref, "uid-" + ref.name(), 10, true,
                "{\"percentage\":60,\"minOnDemandReplicas\":2}", new SpotConfig(60, 2), null, null, null, 3, "1042", T0);
    }

    public static PodSnapshot pod(WorkloadRef ref, String name) {
        return new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, new PodRef(ref.namespace(), name, "uid-" + name), ref,
                new OwnerRef("ReplicaSet", ref.name() + "-7d9f8c6b5", "uid-rs"), "7d9f8c6b5", true, "spot-1", "interruptible", null,
                "Running", "True", null, true, T0.minusSeconds(60), false, "1043", T0);
    }

    public static Action eviction(WorkloadRef ref, String pod) {
        return new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, "act-1", ActionType.EVICT_POD, ActionReason.FALLBACK, ref, "uid-" + ref.name(),
                new PodRef(ref.namespace(), pod, "uid-" + pod), new Preconditions("uid-" + pod, true, null),
                new SplitCounts(ref.name() + "-7d9f8c6b5", 6, 4, 6, 4, 60, 2), null, Duration.ofSeconds(75), Duration.ofMinutes(1),
                null, T0);
    }

    public static Action disable(WorkloadRef ref) {
        return new Action(SpotwiseRecord.CURRENT_SCHEMA_VERSION, "act-0", ActionType.DISABLE_SPOT, ActionReason.FALLBACK, ref, "uid-" + ref.name(),
                null, null, null, T0.plus(Duration.ofMinutes(2)), null, Duration.ofMinutes(1), null, T0);
    }

    public static Outcome outcome(WorkloadRef ref, String pod) {
        return new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, "act-1", ActionType.EVICT_POD, ActionReason.FALLBACK, ref,
                new PodRef(ref.namespace(), pod, "uid-" + pod), OutcomeResult.EVICTED, "evicted",
                new EventRecord("SpotFallbackEviction", "Warning", "Evicted pod pending 75s (timeout 1m) for on-demand fallback",
                        new InvolvedObject("Pod", "v1", ref.namespace(), pod, "uid-" + pod), "spotwise", "actuator-0", 1, T0),
                T0);
    }

    public static DeadLetter deadLetter() {
        return new DeadLetter(SpotwiseRecord.CURRENT_SCHEMA_VERSION, "spotwise.pods", 2, 17, "shop/web-1", "{oops", "malformed JSON",
                null, "decider", T0);
    }

    public static List<SpotwiseRecord> everyType() {
        return List.of(workload(WEB), pod(WEB, "web-7d9f8c6b5-abcde"), eviction(WEB, "web-7d9f8c6b5-abcde"), disable(WEB),
                outcome(WEB, "web-7d9f8c6b5-abcde"), deadLetter());
    }
}
