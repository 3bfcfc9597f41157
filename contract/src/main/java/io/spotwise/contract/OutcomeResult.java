package io.spotwise.contract;

/**
 * What happened to an action. Every value but {@link #STARTED} is terminal: an action has exactly one terminal
 * outcome.
 */
public enum OutcomeResult {
    /** The Eviction was accepted (2xx). */
    EVICTED,
    /** The pod or workload no longer exists (before the call, or 404 from it). */
    ALREADY_GONE,
    /** The target changed: other UID, terminating, no longer Pending, 409, or ENABLE_SPOT for a window not yet ended. */
    PRECONDITION_FAILED,
    /** A PodDisruptionBudget refused the eviction (429 with a DisruptionBudget cause); not retried. */
    BLOCKED_BY_PDB,
    /** DISABLE_SPOT / ENABLE_SPOT: the annotation is as the action wants (patched now or already in place). */
    PATCHED,
    /** Report-only actions (SpotConfigInvalid): the event was written, nothing else to do. */
    REPORTED,
    /** Dry run: nothing was changed; the Event says what would have happened. */
    DRY_RUN,
    /** The effect could not be carried out (API errors after retries, or refused by the API server). */
    FAILED,
    /**
     * Not executed: the action reached the actuator at or after its {@code expiresAt}, or (fallback eviction) after its
     * fallback window ended. Nothing was changed, no Event.
     */
    EXPIRED,
    /**
     * Refused by the actuator's guard: the record asks for something Spotwise would never decide (a pod of a workload
     * that is not opted in, a namespace out of scope, a workload UID that does not match, an eviction without a pod
     * UID). Nothing was changed, no Event; counted and logged as a warning.
     */
    REJECTED,
    /**
     * Not terminal: the write-ahead marker the actuator publishes just before an eviction's mutating call, so a
     * redelivery that finds the pod gone knows the eviction was ours and still writes its one Event and one terminal
     * outcome.
     */
    STARTED;

    /** True for every result but {@link #STARTED}. */
    public boolean terminal() {
        return this != STARTED;
    }
}
