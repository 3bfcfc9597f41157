package io.spotwise.decider.policy.placement;

import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.RevisionLabels;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.decider.policy.config.EffectiveConfig;
import io.spotwise.decider.policy.config.Split;
import io.spotwise.decider.policy.state.OwnerSet;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.WorkloadState;
import java.time.Instant;

/**
 * The webhook's decision (reference §3.2), per direct owner with in-flight admissions counted: the first
 * minOnDemandReplicas pods go on-demand, then spot while spot &lt; floor((total+1) × percentage / 100). A workload in
 * its fallback window gets on-demand (recorded as an on-demand admission). Pods of an unknown (WORKLOAD_UNKNOWN),
 * unresolvable or not opted-in workload are UNMANAGED and leave no trace. Interruption-aware (the default), pods on
 * nodes being disrupted are not counted: their replacements are placed as if they were gone. In dry-run (cluster-wide or the workload's annotation) the decision and its
 * admission are recorded as if real, so a burst of pods is judged as Spotwise would place it; the webhook then leaves
 * the pod unchanged (the admission expires after admissionTtl, the pod shows up on-demand).
 */
public final class PlacementPolicy {

    /** Decides and records the in-flight admission in the state (unless UNMANAGED). On the state's context. */
    public Placement place(SpotState state, AdmissionRequest request, Instant now) {
        return decide(state, request, now, true);
    }

    /** Decides without recording anything (dry-run requests). On the state's context. */
    public Placement preview(SpotState state, AdmissionRequest request, Instant now) {
        return decide(state, request, now, false);
    }

    /**
     * {@link #place} from any thread, without the state's context: the owner set is found in the concurrent owner
     * index and decided on under its own monitor, so parallel admissions of one owner give exactly the split they
     * would one after the other, and admissions of different owners never wait for each other. Null when only the
     * state's context can decide: an owner the state does not know yet (the set is created there), or one just removed.
     */
    public Placement placeConcurrently(SpotState state, AdmissionRequest request, Instant now) {
        return attempt(state, request, now, false).placement();
    }

    /**
     * {@link #placeConcurrently}, and with {@code holdWhileFull} nothing is decided while the pod's owner, known to the
     * state, already has as many live pods and in-flight admissions as its workload asks for: the controller creates a
     * pod only to replace one that is leaving (or to scale up), so the state has not seen that change yet — the
     * watcher's record of the deleted pod is still on its way. Placing now would count the leaving pod and put its
     * replacement on the wrong capacity type (then rebalancing would evict to fix it); the webhook asks again, bounded.
     * One lookup of the owner and one hold of its monitor decide both. Any thread.
     */
    public Attempt attempt(SpotState state, AdmissionRequest request, Instant now, boolean holdWhileFull) {
        OwnerRef owner = request.directOwner();
        Placement unsupported = unsupported(owner);
        if (unsupported != null) {
            return Attempt.placed(unsupported, false);
        }
        OwnerSet set = state.ownerSet(owner.kind(), request.namespace(), owner.name());
        if (set == null || (owner.kind().equals("StatefulSet")
                && !set.workload().ref().equals(WorkloadRef.statefulSet(request.namespace(), owner.name())))) {
            return Attempt.NEEDS_STATE_CONTEXT;
        }
        return decide(state, set.workload(), set, owner, now, true, holdWhileFull);
    }

    /**
     * A webhook thread's try: a placement (null when only the state's context can decide) or, {@code held}, none yet
     * because the owner is full. {@code ownerFull}: the owner had all the pods its workload asks for (a placement made
     * anyway, at the end of the wait, says so).
     */
    public record Attempt(Placement placement, boolean ownerFull, boolean held) {

        static final Attempt NEEDS_STATE_CONTEXT = new Attempt(null, false, false);
        static final Attempt HELD = new Attempt(null, true, true);

        static Attempt placed(Placement placement, boolean ownerFull) {
            return placement == null ? NEEDS_STATE_CONTEXT : new Attempt(placement, ownerFull, false);
        }
    }

    /** Known from pod snapshots only (the watcher's workload record not read yet) is unknown, not "not opted in". */
    private static Placement notManaged(WorkloadState ws) {
        return Placement.unmanaged(ws.known() ? Placement.Reason.NOT_OPTED_IN : Placement.Reason.WORKLOAD_UNKNOWN);
    }

    private static Placement unsupported(OwnerRef owner) {
        if (owner == null) {
            return Placement.unmanaged(Placement.Reason.NO_OWNER);
        }
        if (!owner.kind().equals("ReplicaSet") && !owner.kind().equals("StatefulSet")) {
            return Placement.unmanaged(Placement.Reason.UNSUPPORTED_OWNER);
        }
        return null;
    }

    private Placement decide(SpotState state, AdmissionRequest request, Instant now, boolean record) {
        OwnerRef owner = request.directOwner();
        Placement unsupported = unsupported(owner);
        if (unsupported != null) {
            return unsupported;
        }
        WorkloadRef ref = WorkloadResolver.resolve(state, request.namespace(), owner,
                request.labels().get(RevisionLabels.POD_TEMPLATE_HASH));
        if (ref == null) {
            return Placement.unmanaged(Placement.Reason.OWNER_UNRESOLVED);
        }
        WorkloadState ws = state.workload(ref);
        if (ws == null || !ws.known()) {
            return Placement.unmanaged(Placement.Reason.WORKLOAD_UNKNOWN);
        }
        if (!ws.managed()) {
            return Placement.unmanaged(Placement.Reason.NOT_OPTED_IN);
        }
        OwnerSet set = ws.owner(owner.name());
        if (set != null && !set.kind().equals(owner.kind())) {
            set = null; // counts nothing; recording replaces it with a set of the right kind
        }
        if (set == null && record) {
            set = state.ownerSet(ws, owner.kind(), owner.name());
        }
        return decide(state, ws, set, owner, now, record, false).placement();
    }

    /** The split decision for one owner; no placement when the set was dropped meanwhile (only from webhook threads). */
    private static Attempt decide(SpotState state, WorkloadState ws, OwnerSet set, OwnerRef owner, Instant now, boolean record,
                                  boolean holdWhileFull) {
        if (set == null) {
            return Attempt.placed(ws.managed() ? decide(state, ws, 0, 0, owner.name(), now) : notManaged(ws), false);
        }
        long at = now.toEpochMilli();
        synchronized (set) {
            if (set.dropped()) {
                return Attempt.NEEDS_STATE_CONTEXT;
            }
            if (!ws.managed()) {
                return Attempt.placed(notManaged(ws), false);
            }
            set.expireAdmissions(at);
            int replicas = ws.replicas();
            boolean full = replicas >= 0 && set.spot() + set.onDemand() + set.spotAdmissions() + set.onDemandAdmissions() >= replicas;
            if (full && holdWhileFull) {
                return Attempt.HELD;
            }
            int spot = set.spot() + set.spotAdmissions();
            int onDemand = set.onDemand() + set.onDemandAdmissions();
            if (state.settings().interruptionAware()) { // pods on nodes being reclaimed are as good as gone
                spot -= set.spotLeaving();
                onDemand -= set.onDemandLeaving();
            }
            Placement placement = decide(state, ws, spot, onDemand, owner.name(), now);
            if (placement != null && record) {
                set.admit(placement.isSpot(), at + state.settings().admissionTtl().toMillis());
            }
            return Attempt.placed(placement, full);
        }
    }

    private static Placement decide(SpotState state, WorkloadState ws, int spot, int onDemand, String owner, Instant now) {
        EffectiveConfig config = ws.config();
        if (config == null) {
            return null; // the workload is being removed right now: the state's context decides
        }
        SplitCounts counts = Split.counts(owner, spot, onDemand, config);
        Placement.Capacity capacity;
        Placement.Reason reason;
        if (config.disabledAt(now) || now.toEpochMilli() < ws.requestedDisabledUntil()) { // WorkloadState#disabledAt;
            // a dry-run fallback window is no window: placement never sees it
            capacity = Placement.Capacity.ON_DEMAND;
            reason = Placement.Reason.SPOT_DISABLED;
        } else if (onDemand < config.minOnDemandReplicas()) {
            capacity = Placement.Capacity.ON_DEMAND;
            reason = Placement.Reason.MIN_ON_DEMAND;
        } else if (Split.nextIsSpot(spot, onDemand, config.percentage(), config.minOnDemandReplicas())) {
            capacity = Placement.Capacity.SPOT;
            reason = Placement.Reason.BELOW_SPOT_SHARE;
        } else {
            capacity = Placement.Capacity.ON_DEMAND;
            reason = Placement.Reason.SPOT_SHARE_REACHED;
        }
        return new Placement(capacity, reason, ws.ref(), owner, counts, ws.dryRun(state.settings()));
    }
}
