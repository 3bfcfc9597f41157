package io.spotwise.decider.policy.rebalance;

import io.spotwise.contract.RolloutControl;
import io.spotwise.contract.WorkloadKind;
import io.spotwise.decider.policy.state.OwnerSet;
import io.spotwise.decider.policy.state.PodEntry;
import io.spotwise.decider.policy.state.RebalancePause;
import io.spotwise.decider.policy.state.WorkloadState;
import java.util.Objects;

/** Finds what holds a workload's rebalancing back this tick ({@link RebalancePause} says what each case means). */
public final class RebalanceHolds {

    private RebalanceHolds() {
    }

    /**
     * The pause of this tick (null: none), updating the workload's rollout clock; a rollout pause first, then (when
     * {@code interruptionAware}) pods on disrupted nodes, then pods the controller has not created yet.
     */
    public static RebalancePause of(WorkloadState ws, long at, long stuckAfter, boolean interruptionAware) {
        RebalancePause rollout = ofRollout(ws, at, stuckAfter);
        if (rollout != null) {
            return rollout;
        }
        for (OwnerSet set : ws.owners()) {
            if (interruptionAware && set.leaving() > 0) {
                return RebalancePause.NODES_DISRUPTED;
            }
        }
        return replicasMissing(ws) ? RebalancePause.REPLICAS_MISSING : null;
    }

    /**
     * Fewer live pods (not being deleted, as the ReplicaSet / StatefulSet controller counts them) than the workload's
     * {@code spec.replicas}: deleted pods not replaced yet, or a scale-up in progress. More pods than replicas (a
     * scale-down or a rollout's surge in progress) is no hold.
     */
    public static boolean replicasMissing(WorkloadState ws) {
        int live = 0;
        for (OwnerSet set : ws.owners()) {
            live += set.spot() + set.onDemand();
        }
        return live < ws.replicas();
    }

    private static RebalancePause ofRollout(WorkloadState ws, long at, long stuckAfter) {
        RolloutControl rollout = ws.rollout();
        boolean partitioned = rollout != null && ws.ref().kind() == WorkloadKind.StatefulSet && rollout.partition() > 0;
        if (partitioned || !rollingOut(ws)) {
            ws.rolloutOver();
            return null;
        }
        long since = ws.rollingOutSince(at);
        if (rollout != null && rollout.paused()) {
            return RebalancePause.ROLLOUT_PAUSED;
        }
        if (rollout != null && rollout.onDelete() && ws.ref().kind() == WorkloadKind.StatefulSet) {
            return RebalancePause.ON_DELETE;
        }
        return at - since >= stuckAfter ? RebalancePause.ROLLOUT_STUCK : RebalancePause.ROLLOUT_IN_PROGRESS;
    }

    /** More than one live revision: pods (not being deleted) of two direct owners, or with two revision labels. */
    static boolean rollingOut(WorkloadState ws) {
        OwnerSet firstOwner = null;
        String firstRevision = null;
        for (OwnerSet set : ws.owners()) {
            for (PodEntry pod = set.first(); pod != null; pod = pod.next()) {
                if (!pod.counted()) {
                    continue;
                }
                if (firstOwner == null) {
                    firstOwner = set;
                    firstRevision = pod.revision();
                } else if (firstOwner != set || !Objects.equals(firstRevision, pod.revision())) {
                    return true;
                }
            }
        }
        return false;
    }
}
