package io.spotwise.contract.testing;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.EventRecord;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.InvolvedObject;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
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

    public static FallbackEviction eviction(WorkloadRef ref, String pod) {
        return new FallbackEviction("act-1", ref, "uid-" + ref.name(), ActionReason.FALLBACK, T0, 3, T0.plus(Duration.ofMinutes(5)),
                new PodRef(ref.namespace(), pod, "uid-" + pod), Duration.ofSeconds(75), Duration.ofMinutes(1),
                T0.plus(Duration.ofMinutes(2)), new SplitCounts(ref.name() + "-7d9f8c6b5", 6, 4, 6, 4, 60, 2));
    }

    public static RebalanceEviction rebalance(WorkloadRef ref, String pod) {
        return new RebalanceEviction("act-2", ref, "uid-" + ref.name(), ActionReason.REBALANCE_EXCESS_ON_DEMAND, T0, 3,
                T0.plus(Duration.ofMinutes(5)), new PodRef(ref.namespace(), pod, "uid-" + pod),
                new SplitCounts(ref.name() + "-7d9f8c6b5", 3, 7, 6, 4, 60, 2));
    }

    public static DisableSpot disable(WorkloadRef ref) {
        return new DisableSpot("act-0", ref, "uid-" + ref.name(), ActionReason.FALLBACK, T0, 3, T0.plus(Duration.ofMinutes(5)),
                T0.plus(Duration.ofMinutes(2)), new PodRef(ref.namespace(), ref.name() + "-1", "uid-1"), Duration.ofSeconds(75),
                Duration.ofMinutes(1), new SplitCounts(null, 6, 4, 6, 4, 60, 2));
    }

    public static EnableSpot enable(WorkloadRef ref) {
        return new EnableSpot("act-3", ref, "uid-" + ref.name(), ActionReason.FALLBACK_WINDOW_ENDED, T0, 3, T0.plus(Duration.ofMinutes(5)),
                T0.minusSeconds(1), new SplitCounts(null, 0, 10, 6, 4, 60, 2));
    }

    public static ReportConfigInvalid configInvalid(WorkloadRef ref) {
        return new ReportConfigInvalid("act-4", ref, "uid-" + ref.name(), ActionReason.CONFIG_INVALID, T0, 3, T0.plus(Duration.ofMinutes(5)),
                "percentage 150 is not in [0, 100]; using the default 100");
    }

    public static io.spotwise.contract.ReportRebalancePaused rebalancePaused(WorkloadRef ref) {
        return new io.spotwise.contract.ReportRebalancePaused("act-5", ref, "uid-" + ref.name(), ActionReason.REBALANCE_PAUSED, T0, 3,
                T0.plus(Duration.ofMinutes(5)), "ROLLOUT_PAUSED", "rebalancing paused: the rollout is paused (spec.paused)");
    }

    /** A DISABLE_SPOT decided in observation mode. */
    public static DisableSpot dryRunDisable(WorkloadRef ref) {
        DisableSpot d = disable(ref);
        return new DisableSpot("act-6", d.workload(), d.workloadUid(), d.reason(), d.decidedAt(), d.leaderEpoch(), d.expiresAt(),
                d.disabledUntil(), d.trigger(), d.pendingFor(), d.scheduleTimeout(), d.counts(), true);
    }

    /** One of every action kind. */
    public static List<Action> everyAction() {
        return List.of(eviction(WEB, "web-7d9f8c6b5-abcde"), rebalance(WEB, "web-7d9f8c6b5-fghij"), disable(WEB), enable(WEB),
                configInvalid(WEB), rebalancePaused(WEB), dryRunDisable(WEB));
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
        List<SpotwiseRecord> all = new java.util.ArrayList<>(List.of(workload(WEB), pod(WEB, "web-7d9f8c6b5-abcde")));
        all.addAll(everyAction());
        all.addAll(List.of(outcome(WEB, "web-7d9f8c6b5-abcde"), deadLetter()));
        return all;
    }
}
