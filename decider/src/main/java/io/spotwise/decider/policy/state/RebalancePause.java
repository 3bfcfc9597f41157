package io.spotwise.decider.policy.state;

import io.spotwise.common.config.Durations;
import io.spotwise.contract.WorkloadKind;
import java.time.Duration;
import java.util.Locale;

/**
 * Why a workload's rebalancing is held back by a rollout (pods of more than one live revision), decided per case:
 * <ul>
 *   <li>{@link #ROLLOUT_IN_PROGRESS}: an ordinary rollout; held, not reported (it ends by itself).</li>
 *   <li>{@link #ROLLOUT_PAUSED}: Deployment {@code spec.paused}; held until one revision is left; reported.</li>
 *   <li>{@link #ON_DELETE}: StatefulSet {@code OnDelete} after a template change: an eviction would update a pod nobody
 *       deleted; held until every pod runs one revision; reported.</li>
 *   <li>{@link #ROLLOUT_STUCK}: more than one revision for rolloutStuckAfter; reported (Warning). A Deployment resumes
 *       per ReplicaSet (the old ReplicaSet recreates what we evict at its own revision, as the reference always
 *       did); a StatefulSet stays held (an evicted pod would come back at the revision that does not progress).</li>
 * </ul>
 * A partitioned StatefulSet is no pause: the controller recreates every ordinal at the revision its side of the
 * partition runs, so rebalancing goes on (a long-lived canary would otherwise stop it for good).
 */
public enum RebalancePause {
    ROLLOUT_IN_PROGRESS,
    ROLLOUT_PAUSED,
    ON_DELETE,
    ROLLOUT_STUCK,
    /**
     * Interruption-aware: pods of the workload run on nodes being disrupted (Karpenter's disrupted taint, a cordon, an
     * interruption notice); their going changes the split, so nothing is evicted elsewhere to fix it first. Held, not
     * reported (it ends by itself when the node is gone or no longer disrupted).
     */
    NODES_DISRUPTED,
    /**
     * Fewer live pods (not being deleted) than the workload's {@code spec.replicas}: the controller has not created the
     * replacements (or a scale-up's pods) yet, so the split of the pods there are is not the split the workload will
     * have (a spot outage deleting 4 of 10 pods leaves 2 spot / 4 on-demand: "excess on-demand" that is none). Held, not
     * reported (it ends by itself when the pods exist).
     */
    REPLICAS_MISSING;

    /** The metric label. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean reported() {
        return this != ROLLOUT_IN_PROGRESS && this != NODES_DISRUPTED && this != REPLICAS_MISSING;
    }

    public boolean holds(WorkloadState ws) {
        return this != ROLLOUT_STUCK || ws.ref().kind() == WorkloadKind.StatefulSet;
    }

    /** The report's text: what holds rebalancing, and when it resumes. */
    public String detail(WorkloadState ws, Duration stuckAfter) {
        String what = ws.ref().kind() == WorkloadKind.StatefulSet ? "pods of more than one controller-revision-hash"
                : "pods of more than one ReplicaSet";
        String after = Durations.format(stuckAfter);
        return switch (this) {
            case ROLLOUT_PAUSED -> "the rollout is paused (spec.paused) with " + what
                    + " live; rebalancing resumes when one revision is left";
            case ON_DELETE -> "updateStrategy OnDelete with " + what + " live: an eviction would update a pod nobody "
                    + "deleted; rebalancing resumes when every pod runs one revision";
            case ROLLOUT_STUCK -> holds(ws)
                    ? "the rollout has had " + what + " live for more than " + after + ": an evicted pod would come back "
                            + "at the revision that does not progress; rebalancing resumes when one revision is left"
                    : "the rollout has had " + what + " live for more than " + after + "; rebalancing resumes per ReplicaSet";
            case NODES_DISRUPTED -> "pods run on nodes being disrupted; rebalancing waits until they are gone";
            case REPLICAS_MISSING -> "fewer live pods than spec.replicas; rebalancing waits until the controller has created them";
            default -> "rebalancing waits while the rollout runs";
        };
    }
}
