package io.spotwise.decider.webhook;

import io.vertx.core.Future;

/**
 * Decides the placement of one pod. Implementations either decide on the caller's thread (a completed future, answered
 * at once) or on the state's own context, completing the future on the caller's context; they never throw (an error
 * is an {@link AdmissionDecision.Result#ERROR} decision).
 */
@FunctionalInterface
public interface AdmissionDecider {

    Future<AdmissionDecision> decide(PodAdmission admission);
}
