package io.spotwise.decider.policy;

import io.spotwise.contract.Action;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    final Map<WorkloadRef, WorkloadState> workloads = new HashMap<>();
    private final PodIndex pods = new PodIndex();
    /** Owner sets by {@link OwnerSet#key}: read by webhook threads ({@link PlacementPolicy#placeConcurrently}). */
    final Map<String, OwnerSet> ownersByKey = new ConcurrentHashMap<>();
    final Map<String, InFlightAction> actions = new LinkedHashMap<>();
    final Map<PodEntry, InFlightAction> evictionsByPod = new HashMap<>();
    /** Pods whose eviction failed: not targeted again before the time (epoch millis). */
    final Map<PodEntry, Long> podRetryAt = new HashMap<>();
    private final ActionOutcomes outcomes = new ActionOutcomes(this);
    private final ActionHistory history = new ActionHistory(this);
    private PendingListener pendingListener = (workload, pendingFor) -> { };
    long rebuiltAt = Long.MIN_VALUE;
    double evictionTokens = -1;
    long evictionTokensAt = Long.MIN_VALUE;
    /** An interruption burst was last seen this long ago (epoch millis of its end), and what it was. */
    long burstUntil = Long.MIN_VALUE;
    String burstDetail;
    /** Rebalancing resumes after this workload next tick, so a tight budget is shared round-robin. */
    WorkloadRef rebalanceCursor;

    public SpotState(PolicySettings settings) {
        super(settings);
    }

    @Override
    SpotState state() {
        return this;
    }

    public void setPendingListener(PendingListener listener) {
        this.pendingListener = listener == null ? (workload, pendingFor) -> { } : listener;
    }

    /** A workload snapshot (opted in or not). */
    public void apply(WorkloadSnapshot snapshot) {
        WorkloadState ws = workloads.computeIfAbsent(snapshot.workload(), WorkloadState::new);
        boolean wasManaged = ws.managed();
        ws.known = true;
        ws.replicas = snapshot.replicas();
        ws.enabled = snapshot.enabled();
        ws.uid = snapshot.uid();
        ws.config = EffectiveConfig.of(settings, snapshot);
        ws.spotConfigRaw = snapshot.spotConfigRaw();
        ws.rollout = snapshot.rollout();
        ws.dryRun = snapshot.isDryRun();
        if (!wasManaged || !java.util.Objects.equals(ws.disabledUntilRaw, snapshot.disabledUntilRaw())) {
            ws.staleWindow = stale(ws.config.disabledUntil(), snapshot.observedAt());
        }
        ws.disabledUntilRaw = snapshot.disabledUntilRaw();
        if (!ws.enabled) {
            ws.clearTransient();
            return;
        }
        if (!wasManaged) {
            // Opting in counts as a change of every set: the first rebalancing waits one stabilization period.
            long observed = snapshot.observedAt().toEpochMilli();
            ws.owners.values().forEach(set -> set.lastUpdate = Math.max(set.lastUpdate, observed));
        }
        Instant annotated = ws.config.disabledUntil();
        if (annotated != null && annotated.toEpochMilli() >= ws.requestedDisabledUntil) {
            ws.requestedDisabledUntil = Long.MIN_VALUE;
        }
        if (ws.enableIssuedFor != null && !ws.enableIssuedFor.equals(ws.disabledUntilRaw)) {
            ws.enableIssuedFor = null;
        }
        if (ws.config.valid()) {
            ws.reportedBadConfig = null;
        }
    }

    /** A window that had ended long before it was first seen (the reference never removes its annotation). */
    private boolean stale(Instant disabledUntil, Instant observedAt) {
        return disabledUntil != null && disabledUntil.plus(settings.staleWindowAge()).isBefore(observedAt);
    }

    /** A workload tombstone: its config and transient state go; its pods stay indexed until their own tombstones. */
    public void removeWorkload(WorkloadRef workload) {
        WorkloadState ws = workloads.get(workload);
        if (ws == null) {
            return;
        }
        ws.known = false;
        ws.enabled = false;
        ws.config = null;
        ws.clearTransient();
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
        if (entry != null && (!entry.hasUid(snapshot.pod().uid()) || !entry.owner.workload.ref.equals(snapshot.workload())
                || !entry.owner.name.equals(snapshot.owner().name()) || !entry.owner.kind.equals(snapshot.owner().kind()))) {
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
                before = entry.flags;
                set.account(entry, -1);
            }
            entry.partition = (short) partition;
            entry.flags = (byte) (flagsOf(snapshot) | (before & (PodEntry.EVICTING | PodEntry.EVICTED)));
            entry.revision = snapshot.revision() == null ? null : snapshot.revision().intern();
            entry.createdAt(snapshot.createdAt() == null ? observed : snapshot.createdAt().toEpochMilli());
            set.account(entry, 1);
            if (fresh && entry.counted()) {
                set.consumeAdmission(entry.is(PodEntry.SPOT));
            }
        }
        // Like the reference (every pod update), readiness included: the period restarts when a replacement is Ready.
        if (fresh || ((before ^ entry.flags) & tracked) != 0) {
            set.lastUpdate = Math.max(set.lastUpdate, observed);
        }
        if (!fresh && ((before ^ entry.flags) & (PodEntry.PENDING | PodEntry.UNBOUND | PodEntry.READY)) != 0) {
            // a status update written with an older copy of the pod may have dropped our pod-deletion-cost: the next
            // tick decides it again (the actuator writes nothing when the value is still there)
            entry.deletionCost = PodEntry.NO_COST;
        }
        if (!fresh && entry.is(PodEntry.SPOT) && (before & PodEntry.PENDING) != 0 && !entry.is(PodEntry.PENDING)) {
            pendingListener.spotPodLeftPending(ws.ref, Duration.ofMillis(Math.max(0, observed - entry.createdAt())));
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
        return partition < 0 || entry.partition < 0 || entry.partition == partition;
    }

    /**
     * An action read back from spotwise.actions: ours (known already) or one a previous leader emitted before a
     * restart or failover. It counts as in flight until its outcome or the action timeout, exactly as if this replica
     * had decided it: the owner's stabilization period, the workload's fallback window, the reported bad config.
     */
    public void apply(Action action, Instant now) {
        history.apply(action, now);
    }

    /** An action {@link ControlLoop} decided that could not be written: it is not in flight, the next tick decides again. */
    public void unwritten(Action action) {
        history.forget(action);
    }

    /** The result of one of our actions. */
    public void apply(Outcome outcome, Instant now) {
        outcomes.apply(outcome, now);
    }

    /** The state was just rebuilt from the topics: rebalancing waits one stabilization period from now. */
    public void markRebuilt(Instant now) {
        rebuiltAt = now.toEpochMilli();
    }

    // ---- internals shared with the policies ----

    PodEntry find(String namespace, String name) {
        return pods.get(namespace, name);
    }

    OwnerSet ownerSet(WorkloadState ws, String kind, String name) {
        OwnerSet set = ws.owners.get(name);
        if (set == null || !set.kind.equals(kind)) {
            set = new OwnerSet(ws, kind.intern(), name);
            ws.owners.put(name, set);
            ownersByKey.put(set.key(), set);
        }
        return set;
    }

    private void remove(PodEntry entry, long observed) {
        OwnerSet set = entry.owner;
        synchronized (set) {
            set.account(entry, -1);
            set.unlink(entry);
        }
        if (observed != Long.MIN_VALUE) {
            set.lastUpdate = Math.max(set.lastUpdate, observed);
        }
        pods.remove(entry);
        podRetryAt.remove(entry);
        InFlightAction eviction = evictionsByPod.get(entry);
        if (eviction != null) {
            clearEviction(eviction); // the pod is gone: the eviction is over whatever its outcome says
        }
        dropIfEmpty(set);
    }

    void clearEviction(InFlightAction action) {
        actions.remove(action.id());
        if (action.pod() != null && evictionsByPod.remove(action.pod()) != null) {
            action.pod().set(PodEntry.EVICTING, false);
            action.workload().evictionsInFlight--;
            if (action.fallback()) {
                action.workload().fallbackEvictionsInFlight--;
            }
            dropIfUnused(action.workload());
        }
    }

    void dropIfEmpty(OwnerSet set) {
        synchronized (set) { // no webhook thread admits into it between the check and the removal
            if (!set.isEmpty() || set.workload.owners.get(set.name) != set) {
                return;
            }
            set.dropped = true;
            set.workload.owners.remove(set.name);
            ownersByKey.remove(set.key(), set);
        }
        dropIfUnused(set.workload);
    }

    void dropIfUnused(WorkloadState ws) {
        if (workloads.get(ws.ref) == ws && !ws.known && ws.owners.isEmpty() && ws.evictionsInFlight == 0) {
            workloads.remove(ws.ref);
        }
    }

    int podCountInternal() {
        return pods.size();
    }

    List<WorkloadState> sortedWorkloads() {
        List<WorkloadState> list = new ArrayList<>(workloads.values());
        list.sort(Comparator.comparing(ws -> ws.ref.key()));
        return list;
    }
}
