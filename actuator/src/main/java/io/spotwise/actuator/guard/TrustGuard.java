package io.spotwise.actuator.guard;

import io.spotwise.common.k8s.NamespaceFilter;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.Action;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.WorkloadRef;

/**
 * Trusts no record: pure predicates, run against the live objects just before any effect, that refuse whatever
 * Spotwise would never have decided. An action may only touch a workload in the configured namespaces that is opted
 * in ({@code <prefix>/spot-enabled=true} on the live object) and still has the action's workload UID; an eviction only a
 * pod that the live owner references lead to that workload (pod → ReplicaSet → Deployment, or pod → StatefulSet).
 * The record's own claims are never the evidence: everything is checked on what the API server answers.
 */
public final class TrustGuard {

    private final NamespaceFilter scope;
    private final SpotwiseKeys keys;

    public TrustGuard(NamespaceFilter scope, SpotwiseKeys keys) {
        this.scope = scope;
        this.keys = keys;
    }

    /** Before any read: is the action's namespace one the actuator may act in at all? */
    public Rejection checkScope(Action action) {
        String ns = action.workload().namespace();
        if (!scope.accepts(ns)) {
            return new Rejection(Rejection.Reason.NAMESPACE_OUT_OF_SCOPE, "namespace " + ns + " is outside the actuator's scope "
                    + scope.describe());
        }
        return null;
    }

    /**
     * The live workload (null: it does not exist, which is not a rejection but ALREADY_GONE) must be opted in and carry the
     * action's workload UID.
     */
    public Rejection checkWorkload(Action action, LiveWorkload live) {
        if (live == null) {
            return null;
        }
        if (!"true".equals(live.labels().get(keys.spotEnabled()))) {
            return new Rejection(Rejection.Reason.WORKLOAD_NOT_OPTED_IN, action.workload() + " is not opted in (label "
                    + keys.spotEnabled() + "=true missing on the live object)");
        }
        if (!live.uid().equals(action.workloadUid())) {
            return new Rejection(Rejection.Reason.WORKLOAD_UID_MISMATCH, action.workload() + " has UID " + live.uid()
                    + ", the action names " + action.workloadUid());
        }
        return null;
    }

    /**
     * An eviction's pod must lead, through its live controller owner references, to the action's workload.
     * {@code owner} is what the pod's references resolved to (null: a bare pod or a broken chain).
     */
    public Rejection checkPodOwner(PodEviction action, OwnerChain owner) {
        return checkPodOwner(action, action.pod(), owner);
    }

    /** The same for any action on one pod (SET_DELETION_COST): {@code pod} must lead to the action's workload. */
    public Rejection checkPodOwner(Action action, PodRef pod, OwnerChain owner) {
        WorkloadRef claimed = action.workload();
        if (owner == null || owner.workload() == null) {
            return new Rejection(Rejection.Reason.POD_NOT_OF_WORKLOAD, pod + " does not belong to any Deployment or StatefulSet"
                    + (owner == null ? "" : ": " + owner.problem()));
        }
        if (!owner.workload().equals(claimed)) {
            return new Rejection(Rejection.Reason.POD_NOT_OF_WORKLOAD, pod + " belongs to " + owner.workload() + ", not " + claimed);
        }
        if (!owner.workloadUid().equals(action.workloadUid())) {
            return new Rejection(Rejection.Reason.WORKLOAD_UID_MISMATCH, pod + " belongs to " + claimed + " with UID "
                    + owner.workloadUid() + ", the action names " + action.workloadUid());
        }
        return null;
    }
}
