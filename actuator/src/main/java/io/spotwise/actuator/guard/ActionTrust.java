package io.spotwise.actuator.guard;

import io.fabric8.kubernetes.api.model.Pod;
import io.spotwise.actuator.ActuatorMetrics;
import io.spotwise.actuator.Effect;
import io.spotwise.actuator.KubeWorker;
import io.spotwise.contract.Action;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.SetDeletionCost;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of every action, before any effect: reads the live workload (and, for an eviction, the live pod and
 * its owners) and lets {@link TrustGuard} judge them. Answers null to go on, ALREADY_GONE when the workload does not
 * exist, or REJECTED — counted in {@code spotwise_actuator_rejected_actions_total{reason}} and logged as a warning that
 * names the action and the workload.
 */
public final class ActionTrust {

    private static final Logger LOG = LoggerFactory.getLogger(ActionTrust.class);

    private final TrustGuard guard;
    private final LiveTargets live;
    private final KubeWorker worker;
    private final ActuatorMetrics metrics;

    public ActionTrust(TrustGuard guard, LiveTargets live, KubeWorker worker, ActuatorMetrics metrics) {
        this.guard = guard;
        this.live = live;
        this.worker = worker;
        this.metrics = metrics;
    }

    /** Null when the action may go on to its effect, else the effect to report instead. */
    public Future<Effect> check(Action action) {
        Rejection outOfScope = guard.checkScope(action);
        if (outOfScope != null) {
            return Future.succeededFuture(reject(action, outOfScope));
        }
        return worker.call(() -> {
            LiveWorkload workload = live.workload(action.workload());
            if (workload == null) {
                return new Effect(OutcomeResult.ALREADY_GONE, action.workload() + " no longer exists", null);
            }
            Rejection rejection = guard.checkWorkload(action, workload);
            if (rejection == null && action instanceof PodEviction eviction) {
                Pod pod = live.pod(eviction.pod());
                rejection = pod == null ? null : guard.checkPodOwner(eviction, live.owner(pod));
            }
            if (rejection == null && action instanceof SetDeletionCost cost) { // a pod of the workload, nothing else
                Pod pod = live.pod(cost.pod());
                rejection = pod == null ? null : guard.checkPodOwner(cost, cost.pod(), live.owner(pod));
            }
            return rejection == null ? null : reject(action, rejection);
        });
    }

    private Effect reject(Action action, Rejection rejection) {
        metrics.rejected(rejection.reason().label());
        LOG.warn("{}: rejected {} ({}): {}", action.workload(), action.describe(), rejection.reason(), rejection.message());
        return new Effect(OutcomeResult.REJECTED, rejection.reason() + ": " + rejection.message(), null);
    }
}
