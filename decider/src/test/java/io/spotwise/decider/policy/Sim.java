package io.spotwise.decider.policy;

import io.spotwise.common.k8s.SpotConfigAnnotation;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.RevisionLabels;
import io.spotwise.contract.RolloutControl;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadKind;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.AdmissionRequest;
import io.spotwise.decider.policy.placement.Placement;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.state.SpotState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A tiny, pure, single-threaded cluster for policy scenarios: ReplicaSets / StatefulSets that recreate pods through
 * the placement policy, a scheduler that binds spot pods only while spot capacity exists, and an actuator that
 * executes actions and answers with outcomes. Time only moves when the test says so.
 */
final class Sim {

    static final Instant T0 = Instant.parse("2026-06-25T10:00:00Z");
    static final Duration TICK = Duration.ofSeconds(10);

    final SpotState state;
    final PlacementPolicy placement = new PlacementPolicy();
    final ControlLoop loop;
    final List<Action> emitted = new ArrayList<>();
    final List<Placement> placements = new ArrayList<>();
    final TreeMap<String, Pod> pods = new TreeMap<>();
    final List<Workload> workloads = new ArrayList<>();
    Instant now = T0;
    boolean spotCapacity = true;
    /** How the simulated actuator answers an eviction (default: it evicts). */
    Function<Action, OutcomeResult> evictionResult = a -> OutcomeResult.EVICTED;
    /** How the simulated actuator answers a DISABLE_SPOT (default: it patches). */
    OutcomeResult disableResult = OutcomeResult.PATCHED;
    /** How long a started pod takes to become Ready (default: at once). */
    Duration readyAfter = Duration.ZERO;
    private int ids;
    private int seq;

    final class Workload {
        final WorkloadRef ref;
        String owner;
        String revision;
        int replicas;
        String config;
        boolean enabled = true;
        String disabledUntilRaw;
        /** Rollout control as the watcher reports it (null: an older watcher). */
        RolloutControl rollout;
        boolean dryRun;

        Workload(WorkloadRef ref, String revision, int replicas, String config) {
            this.ref = ref;
            this.revision = revision;
            this.owner = ref.kind() == WorkloadKind.Deployment ? ref.name() + "-" + revision : ref.name();
            this.replicas = replicas;
            this.config = config;
        }

        String ownerKind() {
            return ref.kind() == WorkloadKind.Deployment ? "ReplicaSet" : "StatefulSet";
        }
    }

    static final class Pod {
        String name;
        String uid;
        Workload workload;
        String owner;
        String revision;
        boolean spot;
        String node;
        String nodeDisruption;
        /** When the kubelet reports it Ready, null when nothing is pending. */
        Instant readyAt;
        String phase = "Pending";
        boolean ready;
        Instant createdAt;
        boolean deleting;
        /** controller.kubernetes.io/pod-deletion-cost (0: none, as Kubernetes reads a missing one). */
        int deletionCost;
    }

    Sim(PolicySettings settings) {
        this.state = new SpotState(settings);
        this.loop = new ControlLoop(() -> "a-" + (++ids));
    }

    Sim() {
        this(PolicySettings.DEFAULTS);
    }

    static String config(int percentage, int min) {
        return "{\"percentage\":" + percentage + ",\"minOnDemandReplicas\":" + min + "}";
    }

    Workload deployment(String name, int replicas, String config) {
        Workload w = new Workload(WorkloadRef.deployment("shop", name), "7c9b4d5f8", replicas, config);
        workloads.add(w);
        publish(w);
        return w;
    }

    Workload statefulSet(String name, int replicas, String config) {
        Workload w = new Workload(WorkloadRef.statefulSet("shop", name), "db-5f8", replicas, config);
        workloads.add(w);
        publish(w);
        return w;
    }

    void publish(Workload w) {
        SpotConfigAnnotation.Parsed parsed = SpotConfigAnnotation.parse(w.config);
        Instant until = null;
        try {
            until = w.disabledUntilRaw == null ? null : Instant.parse(w.disabledUntilRaw);
        } catch (RuntimeException unparsable) {
            until = null;
        }
        state.apply(new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, w.ref, "uid-" + w.ref.name(), w.replicas,
                w.enabled, w.config, parsed.config(), parsed.error(), w.disabledUntilRaw, until, 1, "1", now, w.rollout,
                w.dryRun));
    }

    /** Creates missing pods through the webhook, as the ReplicaSet / StatefulSet controller would. */
    void reconcile(Workload w) {
        while (live(w).size() < w.replicas) {
            create(w);
        }
    }

    Pod create(Workload w) {
        String name = w.ref.kind() == WorkloadKind.StatefulSet ? w.owner + "-" + freeOrdinal(w) : null;
        AdmissionRequest request = new AdmissionRequest("shop", name, name == null ? w.owner + "-" : null,
                List.of(new OwnerRef(w.ownerKind(), w.owner, "uid-" + w.owner)),
                Map.of(w.ref.kind() == WorkloadKind.Deployment ? RevisionLabels.POD_TEMPLATE_HASH
                        : RevisionLabels.CONTROLLER_REVISION_HASH, w.revision));
        Placement p = placement.place(state, request, now);
        placements.add(p);
        Pod pod = new Pod();
        pod.name = name != null ? name : w.owner + "-" + String.format("%05d", ++seq);
        pod.uid = String.format("00000000-0000-0000-0000-%012d", ++seq);
        pod.workload = w;
        pod.owner = w.owner;
        pod.revision = w.revision;
        pod.spot = p.isSpot();
        pod.createdAt = now;
        pods.put(pod.name, pod);
        publish(pod);
        schedule(pod);
        return pod;
    }

    private int freeOrdinal(Workload w) {
        int i = 0;
        while (pods.containsKey(w.owner + "-" + i)) {
            i++;
        }
        return i;
    }

    /** Scheduler + kubelet: a pod binds and runs unless it is a spot pod and no spot capacity exists. */
    void schedule(Pod pod) {
        if (!"Pending".equals(pod.phase) || pod.deleting || (pod.spot && !spotCapacity)) {
            return;
        }
        pod.node = pod.spot ? "spot-node" : "od-node";
        pod.phase = "Running";
        pod.ready = readyAfter.isZero();
        pod.readyAt = pod.ready ? null : now.plus(readyAfter);
        publish(pod);
    }

    void publish(Pod p) {
        state.apply(new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, new PodRef("shop", p.name, p.uid),
                p.workload.ref, new OwnerRef(p.workload.ownerKind(), p.owner, "uid-" + p.owner), p.revision, p.spot,
                p.node, p.node == null ? null : (p.spot ? "interruptible" : null), p.nodeDisruption, p.phase, null, null, p.ready,
                p.createdAt, p.deleting, "1", now));
    }

    void delete(Pod p) {
        pods.remove(p.name);
        state.removePod("shop/" + p.name, now);
    }

    /**
     * The ReplicaSet controller scales down as Kubernetes ≥ 1.22 ranks pods (ActivePodsWithRanks): unscheduled, then
     * Pending, then not Ready first, then the lower pod-deletion-cost, then the newer.
     */
    void scaleDown(Workload w, int replicas) {
        w.replicas = replicas;
        publish(w);
        List<Pod> order = new ArrayList<>(live(w));
        order.sort(java.util.Comparator.comparing((Pod p) -> p.node != null)
                .thenComparing(p -> !"Pending".equals(p.phase))
                .thenComparing(p -> p.ready)
                .thenComparingInt(p -> p.deletionCost)
                .thenComparing(p -> p.createdAt, java.util.Comparator.reverseOrder()));
        for (int i = 0; i < order.size() - replicas; i++) {
            delete(order.get(i));
        }
    }

    List<Pod> live(Workload w) {
        return pods.values().stream().filter(p -> p.workload == w && !p.deleting).toList();
    }

    long spot(Workload w) {
        return live(w).stream().filter(p -> p.spot).count();
    }

    long onDemand(Workload w) {
        return live(w).stream().filter(p -> !p.spot).count();
    }

    List<Action> tick() {
        List<Action> actions = loop.tick(state, now);
        emitted.addAll(actions);
        return actions;
    }

    /** The actuator: executes in order, answers each action with an outcome; controllers then recreate pods. */
    void execute(List<Action> actions) {
        for (Action a : actions) {
            Workload w = workloadOf(a.workload());
            if (a.dryRun()) {
                state.apply(outcome(a, OutcomeResult.DRY_RUN), now); // observation mode: reported, never done
                continue;
            }
            OutcomeResult result = switch (a.type()) {
                case EVICT_POD -> evict(a);
                case DISABLE_SPOT -> {
                    if (disableResult == OutcomeResult.PATCHED) {
                        w.disabledUntilRaw = ((DisableSpot) a).disabledUntil().truncatedTo(ChronoUnit.SECONDS).toString();
                        publish(w);
                    }
                    yield disableResult;
                }
                case ENABLE_SPOT -> {
                    w.disabledUntilRaw = null;
                    publish(w);
                    yield OutcomeResult.PATCHED;
                }
                case REPORT_CONFIG_INVALID, REPORT_REBALANCE_PAUSED -> OutcomeResult.REPORTED;
                case SET_DELETION_COST -> {
                    SetDeletionCost c = (SetDeletionCost) a;
                    Pod pod = pods.get(c.pod().name());
                    if (pod == null || !pod.uid.equals(c.pod().uid())) {
                        yield OutcomeResult.ALREADY_GONE;
                    }
                    pod.deletionCost = c.cost();
                    yield OutcomeResult.PATCHED;
                }
                case WRITE_STATUS -> OutcomeResult.PATCHED;
            };
            state.apply(outcome(a, result), now);
        }
        workloads.forEach(this::reconcile);
    }

    private OutcomeResult evict(Action action) {
        PodEviction a = (PodEviction) action;
        Pod pod = pods.get(a.pod().name());
        if (pod == null) {
            return OutcomeResult.ALREADY_GONE;
        }
        if (!pod.uid.equals(a.pod().uid()) || (a instanceof FallbackEviction && !"Pending".equals(pod.phase))) {
            return OutcomeResult.PRECONDITION_FAILED;
        }
        OutcomeResult result = evictionResult.apply(a);
        if (result == OutcomeResult.EVICTED) {
            pod.deleting = true;
            publish(pod);
            delete(pod);
        }
        return result;
    }

    Outcome outcome(Action a, OutcomeResult result) {
        return new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, a.id(), a.type(), a.reason(), a.workload(),
                a instanceof PodEviction e ? e.pod() : null,
                result, null, null, now);
    }

    private Workload workloadOf(WorkloadRef ref) {
        return workloads.stream().filter(w -> w.ref.equals(ref)).findFirst().orElseThrow();
    }

    /** Time passes; pending spot pods bind when spot capacity exists. */
    void advance(Duration d) {
        now = now.plus(d);
        pods.values().stream().toList().forEach(this::schedule);
        pods.values().stream().filter(p -> p.readyAt != null && !p.readyAt.isAfter(now))
                .toList().forEach(p -> {
                    p.ready = true;
                    p.readyAt = null;
                    publish(p);
                });
    }

    /** Ticks every 10 s for {@code d}, executing every action; returns what was emitted meanwhile. */
    List<Action> run(Duration d) {
        List<Action> all = new ArrayList<>();
        Instant end = now.plus(d);
        while (now.isBefore(end)) {
            List<Action> actions = tick();
            all.addAll(actions);
            execute(actions);
            advance(TICK);
        }
        return all;
    }

    static List<ActionType> types(List<Action> actions) {
        return actions.stream().map(Action::type).toList();
    }
}
