package io.spotwise.decider.webhook;

import io.vertx.core.Future;

/**
 * Decides the placement of one pod. Implementations run the decision on the state's own context and complete the
 * future on the caller's context; they never throw (an error is an {@link AdmissionDecision.Result#ERROR} decision).
 */
@FunctionalInterface
public interface AdmissionDecider {

    Future<AdmissionDecision> decide(PodAdmission admission);
}
