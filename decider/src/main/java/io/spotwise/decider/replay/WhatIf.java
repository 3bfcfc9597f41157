package io.spotwise.decider.replay;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.Decision;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.RevisionLabels;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.policy.ControlLoop;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.AdmissionRequest;
import io.spotwise.decider.policy.placement.Placement;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.WorkloadSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One run of the recorded history through the decider's own policy code ({@link SpotState}, {@link PlacementPolicy},
 * {@link ControlLoop}) with given settings. The state is what the topics held before the replayed period; then, in
 * record-time order, every state change is applied, every recorded admission is decided again, and the control loop
 * ticks; its actions take effect at once (an evicted pod comes back on the other capacity type, a fallback window is
 * set and ends). Pods keep the capacity the replay gave them: a pod's later snapshots are rewritten to it, and a pod
 * the replay moved off spot is taken to run on on-demand. What the replay cannot know — whether spot capacity would
 * have existed for a pod the replay puts on spot — is taken from the record (it is scheduled as it was).
 */
final class WhatIf {

    private final SpotState state;
    private final PlacementPolicy placement = new PlacementPolicy();
    private final ControlLoop loop;
    private final Integer percentage;
    private final Integer minOnDemand;
    private final Duration tick;
    private final Tally tally = new Tally();
    private final Map<String, PodSnapshot> pods = new HashMap<>();
    private final Map<String, Boolean> capacity = new HashMap<>();
    /** Replayed admissions whose pod has not shown up yet, per direct owner, oldest first. */
    private final Map<String, Deque<Admitted>> admitted = new HashMap<>();
    private final Map<WorkloadRef, WorkloadSnapshot> workloads = new HashMap<>();
    private final Map<WorkloadRef, Instant> windows = new HashMap<>();
    private boolean replaying;
    private Instant nextTick;
    private long ids;

    /** @param percentage / minOnDemand forced on every workload, null to keep each workload's own */
    WhatIf(PolicySettings settings, Integer percentage, Integer minOnDemand, Duration tick) {
        this.state = new SpotState(settings);
        this.loop = new ControlLoop(() -> "replay-" + (++ids));
        this.percentage = percentage;
        this.minOnDemand = minOnDemand;
        this.tick = tick;
    }

    Tally run(List<Recorded> history, Instant start, Instant end) {
        for (Recorded fact : history) {
            if (fact.at().isAfter(end)) {
                break;
            }
            if (!fact.at().isBefore(start) && !replaying) {
                begin(start);
            }
            if (replaying) {
                ticksUntil(fact.at());
            }
            apply(fact);
        }
        if (!replaying) {
            begin(start);
        }
        ticksUntil(end);
        for (WorkloadSummary s : state.summaries(end)) {
            Tally.Counts c = tally.of(s.workload());
            c.spotAtEnd = s.spotPods();
            c.onDemandAtEnd = s.onDemandPods();
        }
        return tally;
    }

    /** From here on the replay decides: fallback windows are its own, starting from those recorded at the start. */
    private void begin(Instant start) {
        replaying = true;
        nextTick = start;
        workloads.forEach((ref, w) -> {
            if (w.disabledUntil() != null) {
                windows.put(ref, w.disabledUntil());
            }
        });
    }

    private void ticksUntil(Instant at) {
        while (!nextTick.isAfter(at)) {
            Instant now = nextTick;
            for (Action a : loop.tick(state, now)) {
                takeEffect(a, now);
            }
            nextTick = nextTick.plus(tick);
        }
    }

    private void apply(Recorded fact) {
        if (fact instanceof Recorded.Workload w) {
            if (w.snapshot() == null) {
                workloads.remove(w.ref());
                state.removeWorkload(w.ref());
            } else {
                workloads.put(w.ref(), w.snapshot());
                state.apply(view(w.snapshot()));
            }
        } else if (fact instanceof Recorded.Pod p) {
            pod(p);
        } else if (fact instanceof Recorded.Admission a && replaying) {
            admit(a.decision(), a.at());
        } // Recorded.Act: what was really decided is the report's business, not the replay's
    }

    private void pod(Recorded.Pod p) {
        if (p.snapshot() == null) {
            pods.remove(p.key());
            capacity.remove(p.key());
            state.removePod(p.key(), p.at(), p.partition());
            return;
        }
        PodSnapshot s = p.snapshot();
        PodSnapshot before = pods.put(p.key(), s);
        boolean fresh = before == null || !Objects.equals(before.pod().uid(), s.pod().uid());
        if (fresh) {
            capacity.remove(p.key());
            Deque<Admitted> queue = s.owner() == null ? null : admitted.get(ownerKey(s.pod().namespace(), s.owner().kind(), s.owner().name()));
            Admitted match = queue == null ? null : queue.stream().filter(a -> a.pod().equals(p.key())).findFirst()
                    .orElse(queue.stream().filter(a -> a.pod().endsWith("*")).findFirst().orElse(null));
            if (replaying && match != null) {
                queue.remove(match);
                capacity.put(p.key(), match.spot());
            }
        }
        state.apply(view(p.key(), s), p.partition());
    }

    private void admit(Decision d, Instant at) {
        String namespace = d.workload().namespace();
        String hash = d.owner().kind().equals("ReplicaSet") && d.owner().name().startsWith(d.workload().name() + "-")
                ? d.owner().name().substring(d.workload().name().length() + 1) : null;
        Map<String, String> labels = hash == null ? Map.of() : Map.of(RevisionLabels.POD_TEMPLATE_HASH, hash);
        AdmissionRequest request = new AdmissionRequest(namespace, null, d.pod(), List.of(d.owner()), labels);
        boolean seen = pods.containsKey(d.pod()) && !capacity.containsKey(d.pod()); // the pod's snapshot came first
        Placement p = seen ? placement.preview(state, request, at) : placement.place(state, request, at);
        if (p.capacity() == Placement.Capacity.UNMANAGED) {
            return;
        }
        Tally.Counts c = tally.of(p.workload());
        if (p.isSpot()) {
            c.placedSpot++;
        } else {
            c.placedOnDemand++;
        }
        if (seen) {
            capacity.put(d.pod(), p.isSpot());
            state.apply(view(d.pod(), pods.get(d.pod())), -1);
        } else {
            admitted.computeIfAbsent(ownerKey(namespace, d.owner().kind(), d.owner().name()), k -> new ArrayDeque<>()).add(new Admitted(d.pod(), p.isSpot()));
        }
    }

    private void takeEffect(Action a, Instant now) {
        Tally.Counts c = tally.of(a.workload());
        PodRef pod = null;
        OutcomeResult result = OutcomeResult.REPORTED;
        if (a instanceof PodEviction e) {
            pod = e.pod();
            result = OutcomeResult.EVICTED;
            if (a.reason() == ActionReason.FALLBACK) {
                c.fallbackEvictions++;
            } else {
                c.rebalanceEvictions++;
            }
        } else if (a instanceof DisableSpot d) {
            c.fallbacks++;
            windows.put(a.workload(), d.disabledUntil());
            result = OutcomeResult.PATCHED;
        } else if (a instanceof EnableSpot) {
            windows.remove(a.workload());
            result = OutcomeResult.PATCHED;
        }
        state.apply(new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, a.id(), a.type(), a.reason(), a.workload(), pod, result,
                "replay", null, now), now);
        if (pod != null) {
            String key = pod.namespace() + "/" + pod.name();
            PodSnapshot last = pods.get(key);
            if (last != null) { // the replacement: on-demand after a fallback or an excess of spot, spot otherwise
                capacity.put(key, a.reason() == ActionReason.REBALANCE_EXCESS_ON_DEMAND);
                state.removePod(key, now, -1);
                state.apply(view(key, last), -1);
            }
        } else if (workloads.containsKey(a.workload())) {
            state.apply(view(workloads.get(a.workload())));
        }
    }

    /** The pod as the replay placed it. A pod the replay keeps off spot is taken to run (on-demand has room). */
    private PodSnapshot view(String key, PodSnapshot s) {
        Boolean spot = capacity.get(key);
        if (spot == null || spot == s.spotAssigned()) {
            return s;
        }
        boolean stuck = !spot && s.isPending();
        return new PodSnapshot(s.schemaVersion(), s.pod(), s.workload(), s.owner(), s.revision(), spot,
                stuck ? "replay-on-demand" : s.nodeName(), stuck ? "on-demand" : s.nodeCapacityType(), s.nodeDisruption(),
                stuck ? "Running" : s.phase(), stuck ? "True" : s.scheduledStatus(), stuck ? null : s.scheduledReason(),
                stuck || s.ready(), s.createdAt(), s.deleting(), s.resourceVersion(), s.observedAt());
    }

    /** The workload with the forced split and, while replaying, the replay's own fallback window. */
    private WorkloadSnapshot view(WorkloadSnapshot w) {
        SpotConfig config = w.spotConfig();
        if (percentage != null || minOnDemand != null) {
            config = new SpotConfig(percentage != null ? percentage : config.percentage(),
                    minOnDemand != null ? minOnDemand : config.minOnDemandReplicas());
        }
        Instant window = replaying ? windows.get(w.workload()) : w.disabledUntil();
        return new WorkloadSnapshot(w.schemaVersion(), w.workload(), w.uid(), w.replicas(), w.enabled(), w.spotConfigRaw(), config,
                percentage != null || minOnDemand != null ? null : w.spotConfigError(), window == null ? null : window.toString(),
                window, w.generation(), w.resourceVersion(), w.observedAt(), w.rollout(), w.dryRun());
    }

    /** A replayed admission: the pod's {@code namespace/name} (or {@code namespace/generateName*}) and where it went. */
    private record Admitted(String pod, boolean spot) {
    }

    private static String ownerKey(String namespace, String kind, String name) {
        return namespace + "/" + kind + "/" + name;
    }
}
