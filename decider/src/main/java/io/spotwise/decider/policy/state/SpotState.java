package io.spotwise.decider.policy.state;

import io.spotwise.contract.Action;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.policy.config.EffectiveConfig;
import io.spotwise.decider.policy.config.PolicySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The decider's whole in-memory state: workloads, their pods grouped by direct owner, in-flight admissions and
 * in-flight actions. Mutable and single-threaded: one owner (the service's context) calls everything.
 *
 * <p>Every pod that belongs to a Deployment or StatefulSet is indexed, opted in or not, so opting in later finds the
 * pods already there (the reference lists them once at opt-in). Read accessors are in {@link SpotStateView}.
 */
public final class SpotState extends SpotStateView {

    /** Told when a spot pod leaves Pending (the pending-time histogram). */
    public interface PendingListener {
        void spotPodLeftPending(WorkloadRef workload, Duration pendingFor);
    }

    private final Map<WorkloadRef, WorkloadState> workloads = new HashMap<>();
    private final PodIndex pods = new PodIndex();
    /** Owner sets by {@link OwnerSet#key}: read by webhook threads (PlacementPolicy#placeConcurrently). */
    private final Map<String, OwnerSet> ownersByKey = new ConcurrentHashMap<>();
    private final InFlightActions inFlight;
    private final ActionOutcomes outcomes = new ActionOutcomes(this);
    private final ActionHistory history = new ActionHistory(this);
    private final TickMarks marks = new TickMarks();
    private PendingListener pendingListener = (workload, pendingFor) -> {};
    /** Pods with a record applied since the rebuild, for one scheduleTimeout after it ({@link #pendingSince}). */
    private Set<PodEntry> seenSinceRebuild;

    public SpotState(PolicySettings settings) {
        super(settings);
        inFlight = new InFlightActions(settings.actionTimeout(), this::dropIfUnused);
    }

    @Override
    SpotState state() {
        return this;
    }

    public void setPendingListener(PendingListener listener) {
        this.pendingListener = listener == null ? (workload, pendingFor) -> {} : listener;
    }

    /** A workload snapshot (opted in or not). */
    public void apply(WorkloadSnapshot snapshot) {
        workloads.computeIfAbsent(snapshot.workload(), WorkloadState::new)
                .apply(snapshot, EffectiveConfig.of(settings(), snapshot), settings().staleWindowAge());
    }

    /** A workload tombstone: its config and transient state go; its pods stay indexed until their own tombstones. */
    public void removeWorkload(WorkloadRef workload) {
        WorkloadState ws = workloads.get(workload);
        if (ws == null) {
            return;
        }
        ws.tombstone();
        dropIfUnused(ws);
    }

    /** A pod snapshot. Pods without a workload (bare pods, Jobs, ...) are ignored; a terminal phase is a removal. */
    public void apply(PodSnapshot snapshot) {
        apply(snapshot, -1);
    }

    /**
     * A pod snapshot read from {@code partition} of spotwise.pods. A snapshot without a workload from another
     * partition than the tracked pod's is a stale placement (the watcher moves a pod to its workload's partition when
     * its ReplicaSet arrives late, and tombstones the old one): it is ignored, in whichever order the two are read.
     */
    public void apply(PodSnapshot snapshot, int partition) {
        String namespace = snapshot.pod().namespace();
        PodEntry entry = find(namespace, snapshot.pod().name());
        long observed = snapshot.observedAt().toEpochMilli();
        boolean noWorkload = snapshot.workload() == null || snapshot.owner() == null;
        if (noWorkload || snapshot.isTerminal()) {
            if (entry != null && (!noWorkload || samePartition(entry, partition))) {
                remove(entry, observed);
            }
            return;
        }
        if (entry != null && (!entry.hasUid(snapshot.pod().uid()) || !entry.owner().workload().ref().equals(snapshot.workload())
                || !entry.owner().name().equals(snapshot.owner().name()) || !entry.owner().kind().equals(snapshot.owner().kind()))) {
            remove(entry, observed); // a new pod under an old name (StatefulSet), or re-owned
            entry = null;
        }
        WorkloadState ws = workloads.computeIfAbsent(snapshot.workload(), WorkloadState::new);
        OwnerSet set = ownerSet(ws, snapshot.owner().kind(), snapshot.owner().name());
        boolean fresh = entry == null;
        int before = 0;
        int tracked = PodEntry.SPOT | PodEntry.PENDING | PodEntry.DELETING | PodEntry.READY;
        synchronized (set) { // a webhook thread placing a pod of this owner sees the counts before or after, never between
            if (fresh) {
                entry = new PodEntry(snapshot.pod().name(), set, snapshot.pod().uid());
                pods.add(entry);
                set.link(entry);
            } else {
                before = entry.flags();
                set.account(entry, -1);
            }
            entry.observed(flagsOf(snapshot), snapshot.revision(),
                    snapshot.createdAt() == null ? observed : snapshot.createdAt().toEpochMilli(), partition);
            set.account(entry, 1);
            if (fresh && entry.counted()) {
                set.consumeAdmission(entry.is(PodEntry.SPOT));
            }
        }
        if (rebuildWindowOpen(observed)) {
            seenSinceRebuild.add(entry);
        }
        // Like the reference (every pod update), readiness included: the period restarts when a replacement is Ready.
        if (fresh || ((before ^ entry.flags()) & tracked) != 0) {
            set.touched(observed);
        }
        if (!fresh && ((before ^ entry.flags()) & (PodEntry.PENDING | PodEntry.UNBOUND | PodEntry.READY)) != 0) {
            // a status update written with an older copy of the pod may have dropped our pod-deletion-cost: the next
            // tick decides it again (the actuator writes nothing when the value is still there)
            entry.deletionCost(PodEntry.NO_COST);
        }
        if (!fresh && entry.is(PodEntry.SPOT) && (before & PodEntry.PENDING) != 0 && !entry.is(PodEntry.PENDING)) {
            pendingListener.spotPodLeftPending(ws.ref(), Duration.ofMillis(Math.max(0, observed - entry.createdAt())));
        }
    }

    private static int flagsOf(PodSnapshot s) {
        int f = 0;
        f |= s.spotAssigned() ? PodEntry.SPOT : 0;
        f |= s.isPending() ? PodEntry.PENDING : 0;
        f |= s.isUnbound() ? PodEntry.UNBOUND : 0;
        f |= s.ready() ? PodEntry.READY : 0;
        f |= s.deleting() ? PodEntry.DELETING : 0;
        f |= !s.isUnbound() && s.nodeDisruption() != null ? PodEntry.NODE_DISRUPTED : 0;
        return f;
    }

    /** A pod tombstone, key {@code namespace/name}. */
    public void removePod(String podKey) {
        removePod(podKey, null);
    }

    /** A pod tombstone with the time it was seen (record timestamp), stamped as the owner's last change. */
    public void removePod(String podKey, Instant observedAt) {
        removePod(podKey, observedAt, -1);
    }

    /** A pod tombstone read from {@code partition}: it removes the pod only if the pod's snapshot came from there. */
    public void removePod(String podKey, Instant observedAt, int partition) {
        int slash = podKey.indexOf('/');
        if (slash < 0) {
            return;
        }
        PodEntry entry = find(podKey.substring(0, slash), podKey.substring(slash + 1));
        if (entry != null && samePartition(entry, partition)) {
            remove(entry, observedAt == null ? Long.MIN_VALUE : observedAt.toEpochMilli());
        }
    }

    private static boolean samePartition(PodEntry entry, int partition) {
        return partition < 0 || entry.partition() < 0 || entry.partition() == partition;
    }

    /**
     * An action read back from spotwise.actions: ours (known already) or one a previous leader emitted before a
     * restart or failover. It counts as in flight until its outcome or the action timeout, exactly as if this replica
     * had decided it: the owner's stabilization period, the workload's fallback window, the reported bad config.
     */
    public void apply(Action action, Instant now) {
        inFlight.targets().seen(action, now);
        history.apply(action, now);
    }

    /**
     * True when a decided action repeats one read back from spotwise.actions that is still in flight (same type and
     * target, another id): the leader does not write it.
     */
    public boolean repeats(Action action, Instant now) {
        return inFlight.targets().repeats(action, now);
    }

    /** An action the control loop decided that could not be written: it is not in flight, the next tick decides again. */
    public void unwritten(Action action) {
        history.forget(action);
    }

    /** The result of one of our actions. */
    public void apply(Outcome outcome, Instant now) {
        inFlight.targets().answered(outcome);
        outcomes.apply(outcome, now);
    }

    /** The state was just rebuilt from the topics: rebalancing waits one stabilization period from now. */
    public void markRebuilt(Instant now) {
        marks.rebuilt(now.toEpochMilli());
        seenSinceRebuild = Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /**
     * Since when a Pending pod has been Pending as far as fallback may trust: its creation, except for a pod this state
     * has not had a record of since its rebuild, whose record may be stale (the watcher restarted with it publishes
     * the pod's fresh state, or its deletion, a moment later): for it, the rebuild at the earliest. Pods are tracked
     * only for one scheduleTimeout after the rebuild; after that the rebuild is older than any deadline.
     */
    public long pendingSince(PodEntry pod, long at) {
        if (!rebuildWindowOpen(at)) {
            return pod.createdAt();
        }
        return seenSinceRebuild.contains(pod) ? pod.createdAt() : Math.max(pod.createdAt(), marks.rebuiltAt());
    }

    /** Within one scheduleTimeout of the rebuild; past it, the pods seen are forgotten (whether or not any is Pending). */
    private boolean rebuildWindowOpen(long at) {
        if (seenSinceRebuild != null && at >= marks.rebuiltAt() + settings().scheduleTimeout().toMillis()) {
            seenSinceRebuild = null;
        }
        return seenSinceRebuild != null;
    }

    /** How many pods the rebuild window holds (tests). */
    int podsSeenSinceRebuild() {
        return seenSinceRebuild == null ? 0 : seenSinceRebuild.size();
    }

    // ---- what the policies read and mark ----

    /** The tracked pod of that name, null when none. */
    public PodEntry find(String namespace, String name) {
        return pods.get(namespace, name);
    }

    /** The workload, null when neither it nor any of its pods is known. */
    public WorkloadState workload(WorkloadRef ref) {
        return workloads.get(ref);
    }

    /** The owner set of that kind and name; any thread (webhook threads place pods with it). */
    public OwnerSet ownerSet(String kind, String namespace, String name) {
        return ownersByKey.get(OwnerSet.key(kind, namespace, name));
    }

    /** The workload's owner set of that kind and name, created when missing. On the state's context. */
    public OwnerSet ownerSet(WorkloadState ws, String kind, String name) {
        OwnerSet set = ws.owner(name);
        if (set == null || !set.kind().equals(kind)) {
            set = new OwnerSet(ws, kind.intern(), name);
            ws.ownersByName().put(name, set);
            ownersByKey.put(set.key(), set);
        }
        return set;
    }

    /** Its eviction failed and it is not to be targeted again yet. */
    public boolean retryHeld(PodEntry pod, long at) {
        return inFlight.retryHeld(pod, at);
    }

    /** The cluster-wide marks of the ticks: eviction budget, interruption burst, rebalancing cursor. */
    public TickMarks marks() {
        return marks;
    }

    /** An action with no outcome stops blocking after actionTimeout, so nothing wedges forever. */
    public void expireActions(Instant now) {
        inFlight.expire(now.toEpochMilli());
    }

    /** Expires the workload's in-flight admissions and drops the owner sets left empty. */
    public void expireAdmissions(WorkloadState ws, Instant now) {
        List<OwnerSet> empty = null;
        for (OwnerSet set : ws.owners()) {
            set.expireAdmissions(now.toEpochMilli());
            if (set.isEmpty()) {
                empty = empty == null ? new ArrayList<>() : empty;
                empty.add(set);
            }
        }
        if (empty != null) {
            empty.forEach(this::dropIfEmpty);
        }
    }

    public List<WorkloadState> sortedWorkloads() {
        List<WorkloadState> list = new ArrayList<>(workloads.values());
        list.sort(Comparator.comparing(ws -> ws.ref().key()));
        return list;
    }

    // ---- internals of the state package ----

    InFlightActions inFlight() {
        return inFlight;
    }

    Map<WorkloadRef, WorkloadState> workloads() {
        return workloads;
    }

    private void remove(PodEntry entry, long observed) {
        OwnerSet set = entry.owner();
        synchronized (set) {
            set.account(entry, -1);
            set.unlink(entry);
        }
        if (observed != Long.MIN_VALUE) {
            set.touched(observed);
        }
        pods.remove(entry);
        inFlight.podGone(entry);
        dropIfEmpty(set);
    }

    void dropIfEmpty(OwnerSet set) {
        WorkloadState ws = set.workload();
        synchronized (set) { // no webhook thread admits into it between the check and the removal
            if (!set.isEmpty() || ws.owner(set.name()) != set) {
                return;
            }
            set.drop();
            ws.ownersByName().remove(set.name());
            ownersByKey.remove(set.key(), set);
        }
        dropIfUnused(ws);
    }

    void dropIfUnused(WorkloadState ws) {
        if (workloads.get(ws.ref()) == ws && !ws.known() && ws.owners().isEmpty() && ws.evictionsInFlight() == 0) {
            workloads.remove(ws.ref());
        }
    }

    int podCountInternal() {
        return pods.size();
    }
}
