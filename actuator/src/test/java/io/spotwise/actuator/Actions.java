package io.spotwise.actuator;

import io.spotwise.common.k8s.SpotConfigAnnotation;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.policy.ControlLoop;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.state.SpotState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Actions as the decider writes them: each one is decided by the decider's own policy ({@link ControlLoop} over a
 * {@link SpotState} fed the snapshots of the situation it is about), never assembled by hand. Default policy settings:
 * schedule timeout 1m, fallback window 2m, action timeout 5m. Workloads are Deployments with one ReplicaSet
 * {@code <name>-7d9f}.
 */
public final class Actions {

    public static final Duration PENDING = Duration.ofSeconds(72);
    /** The workload UID of actions about a workload the test never creates (or whose UID nothing checks). */
    public static final String WEB_UID = "uid-of-deployment-web";
    private static final PolicySettings SETTINGS = PolicySettings.DEFAULTS;

    private Actions() {
    }

    /**
     * A rebalancing eviction of pod ns/pod, the newest of the 10 pods of ReplicaSet web-7d9f at 60 %, min 2 on-demand
     * (6 spot / 4 on-demand wanted): excess on-demand with 3 spot / 7 on-demand (the pod on-demand), excess spot with
     * 9 spot / 1 on-demand (the pod on spot).
     */
    public static RebalanceEviction rebalance(String ns, String pod, String podUid, String workloadUid, ActionReason direction, Instant now) {
        boolean spot = direction == ActionReason.REBALANCE_EXCESS_SPOT;
        int spotPods = spot ? 9 : 3;
        WorkloadRef w = WorkloadRef.deployment(ns, "web");
        Instant before = now.minus(Duration.ofMinutes(10));
        List<PodSnapshot> pods = new ArrayList<>();
        pods.add(pod(w, pod, podUid, spot, "Running", before.plusSeconds(60), before));
        for (int i = 1; i < 10; i++) {
            boolean onSpot = spot ? i < spotPods : i <= spotPods;
            pods.add(pod(w, "web-7d9f-" + i, "uid-" + i, onSpot, "Running", before, before));
        }
        return only(decide(workload(w, workloadUid, "{\"percentage\":60,\"minOnDemandReplicas\":2}", null, before), pods, now),
                RebalanceEviction.class);
    }

    public static RebalanceEviction rebalance(String ns, String pod, String podUid, String workloadUid, ActionReason direction) {
        return rebalance(ns, pod, podUid, workloadUid, direction, Instant.now());
    }

    /**
     * A fallback as the decider runs it for spot pod ns/pod, Pending (unscheduled) for 1m12s at {@code now}: a DISABLE_SPOT
     * first; once the actuator answers it PATCHED (at the same instant here), the FallbackEviction, whose window ends 2m
     * after {@code now}. Returns both, in that order.
     */
    public static List<Action> fallback(WorkloadRef w, String pod, String podUid, String workloadUid, Instant now) {
        SpotState state = state(workload(w, workloadUid, null, null, now.minus(PENDING)),
                List.of(pod(w, pod, podUid, true, "Pending", now.minus(PENDING), now)));
        ControlLoop loop = loop();
        DisableSpot disable = only(loop.tick(state, now), DisableSpot.class);
        state.apply(new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, disable.id(), disable.type(), disable.reason(), w, null,
                OutcomeResult.PATCHED, "annotated", null, now), now);
        return List.of(disable, only(loop.tick(state, now), FallbackEviction.class));
    }

    /** The FallbackEviction of {@link #fallback}. */
    public static FallbackEviction fallbackEviction(String ns, String pod, String podUid, String workloadUid, Instant now) {
        return (FallbackEviction) fallback(WorkloadRef.deployment(ns, "web"), pod, podUid, workloadUid, now).get(1);
    }

    public static FallbackEviction fallbackEviction(String ns, String pod, String podUid, String workloadUid) {
        return fallbackEviction(ns, pod, podUid, workloadUid, Instant.now());
    }

    /** The DISABLE_SPOT the decider emits when spot pod ns/{workload}-1 has been Pending 1m12s, ending at {@code until}. */
    public static DisableSpot disable(String ns, String workload, String workloadUid, Instant until) {
        WorkloadRef w = WorkloadRef.deployment(ns, workload);
        Instant now = until.minus(SETTINGS.fallbackDuration());
        List<Action> decided = decide(workload(w, workloadUid, null, null, now.minus(PENDING)),
                List.of(pod(w, workload + "-1", UUID.randomUUID().toString(), true, "Pending", now.minus(PENDING), now)), now);
        return only(decided, DisableSpot.class);
    }

    /** The ENABLE_SPOT the decider emits for ns/{workload} at 60 %, min 2, whose window ended a second before now. */
    public static EnableSpot enable(String ns, String workload, String workloadUid) {
        WorkloadRef w = WorkloadRef.deployment(ns, workload);
        Instant now = Instant.now();
        Instant ended = now.minusSeconds(1);
        return only(decide(workload(w, workloadUid, "{\"percentage\":60,\"minOnDemandReplicas\":2}", ended, now), List.of(), now),
                EnableSpot.class);
    }

    /** A rebalancing eviction (see above) decided now, of a workload whose UID the test does not know: {@link #WEB_UID}. */
    public static RebalanceEviction rebalance(String ns, String pod, String podUid, ActionReason direction) {
        return rebalance(ns, pod, podUid, WEB_UID, direction, Instant.now());
    }

    /** A REPORT_CONFIG_INVALID used as a marker (a percentage of 101), of a workload whose UID the test does not know. */
    public static ReportConfigInvalid configInvalid(String ns, String workload, String marker) {
        return configInvalid(ns, workload, WEB_UID, "{\"percentage\":101}");
    }

    /** The REPORT_CONFIG_INVALID the decider emits for ns/{workload} annotated with {@code spotConfig}. */
    public static ReportConfigInvalid configInvalid(String ns, String workload, String workloadUid, String spotConfig) {
        WorkloadRef w = WorkloadRef.deployment(ns, workload);
        Instant now = Instant.now();
        return only(decide(workload(w, workloadUid, spotConfig, null, now), List.of(), now), ReportConfigInvalid.class);
    }

    /** One tick of the decider's control loop over a fresh state holding these snapshots. */
    public static List<Action> decide(WorkloadSnapshot workload, List<PodSnapshot> pods, Instant now) {
        return loop().tick(state(workload, pods), now);
    }

    private static SpotState state(WorkloadSnapshot workload, List<PodSnapshot> pods) {
        SpotState state = new SpotState(SETTINGS);
        state.apply(workload);
        pods.forEach(state::apply);
        return state;
    }

    private static ControlLoop loop() {
        return new ControlLoop(() -> UUID.randomUUID().toString());
    }

    public static WorkloadSnapshot workload(WorkloadRef w, String uid, String spotConfig, Instant disabledUntil, Instant observedAt) {
        SpotConfigAnnotation.Parsed parsed = SpotConfigAnnotation.parse(spotConfig);
        return new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, w, uid, 10, true, spotConfig, parsed.config(), parsed.error(),
                disabledUntil == null ? null : disabledUntil.toString(), disabledUntil, 1, "1", observedAt);
    }

    /** A pod of ReplicaSet {@code <workload>-7d9f}: spot or on-demand, Running on a node or Pending unscheduled. */
    public static PodSnapshot pod(WorkloadRef w, String name, String uid, boolean spot, String phase, Instant createdAt, Instant observedAt) {
        boolean running = "Running".equals(phase);
        return new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, new PodRef(w.namespace(), name, uid), w,
                new OwnerRef("ReplicaSet", w.name() + "-7d9f", "uid-rs-" + w.name()), "7d9f", spot, running ? "node-1" : null,
                running && spot ? "interruptible" : null, null, phase, running ? "True" : "False", running ? null : "Unschedulable",
                running, createdAt, false, "1", observedAt);
    }

    private static <T extends Action> T only(List<Action> decided, Class<T> kind) {
        List<T> matching = decided.stream().filter(kind::isInstance).map(kind::cast).toList();
        if (matching.size() != 1) {
            throw new IllegalStateException("the decider decided " + decided + ", expected exactly one " + kind.getSimpleName());
        }
        return matching.get(0);
    }
}
