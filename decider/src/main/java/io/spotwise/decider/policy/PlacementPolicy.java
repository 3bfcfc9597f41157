package io.spotwise.decider.policy;

import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
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

    /** Decides and records the in-flight admission in the state (unless UNMANAGED). */
    public Placement place(SpotState state, AdmissionRequest request, Instant now) {
        return decide(state, request, now, true);
    }

    /** Decides without recording anything (dry-run requests). */
    public Placement preview(SpotState state, AdmissionRequest request, Instant now) {
        return decide(state, request, now, false);
    }

    private Placement decide(SpotState state, AdmissionRequest request, Instant now, boolean record) {
        OwnerRef owner = request.directOwner();
        if (owner == null) {
            return Placement.unmanaged(Placement.Reason.NO_OWNER);
        }
        if (!owner.kind().equals("ReplicaSet") && !owner.kind().equals("StatefulSet")) {
            return Placement.unmanaged(Placement.Reason.UNSUPPORTED_OWNER);
        }
        WorkloadRef ref = WorkloadResolver.resolve(state, request.namespace(), owner,
                request.labels().get(AdmissionRequest.POD_TEMPLATE_HASH));
        if (ref == null) {
            return Placement.unmanaged(Placement.Reason.OWNER_UNRESOLVED);
        }
        WorkloadState ws = state.workloads.get(ref);
        if (ws == null || !ws.known) {
            return Placement.unmanaged(Placement.Reason.WORKLOAD_UNKNOWN);
        }
        if (!ws.managed()) {
            return Placement.unmanaged(Placement.Reason.NOT_OPTED_IN);
        }
        long at = now.toEpochMilli();
        OwnerSet set = ws.owners.get(owner.name());
        int spot = 0;
        int onDemand = 0;
        if (set != null && set.kind.equals(owner.kind())) {
            set.expireAdmissions(at);
            spot = set.spot + set.spotAdmissions();
            onDemand = set.onDemand + set.onDemandAdmissions();
            if (state.settings.interruptionAware()) { // pods on nodes being reclaimed are as good as gone
                spot -= set.spotLeaving;
                onDemand -= set.onDemandLeaving;
            }
        }
        EffectiveConfig config = ws.config;
        SplitCounts counts = Split.counts(owner.name(), spot, onDemand, config);
        Placement.Capacity capacity;
        Placement.Reason reason;
        if (ws.disabledAt(now)) { // a dry-run fallback window is no window: placement never sees it
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
        if (record) {
            OwnerSet target = state.ownerSet(ws, owner.kind(), owner.name());
            target.admit(capacity == Placement.Capacity.SPOT, at + state.settings.admissionTtl().toMillis());
        }
        return new Placement(capacity, reason, ref, owner.name(), counts, state.settings.dryRun() || ws.dryRun);
    }
}
