package io.spotwise.common.contract;

/** What happened to an action. */
public enum OutcomeResult {
    EVICTED,
    ALREADY_GONE,
    PRECONDITION_FAILED,
    BLOCKED_BY_PDB,
    PATCHED,
    /** Report-only actions (SpotConfigInvalid): the event was written, nothing else to do. */
    REPORTED,
    DRY_RUN,
    FAILED,
    /** Not carried out: decided too long ago, or a fallback eviction whose window has ended. */
    EXPIRED,
    /**
     * Not a result but a write-ahead mark: the actuator is about to send the eviction. A redelivered action with a
     * STARTED mark whose pod is gone or terminating was evicted by us and still gets its one Event and terminal outcome.
     */
    STARTED;

    /** Every value but {@link #STARTED} ends its action. */
    public boolean terminal() {
        return this != STARTED;
    }
}
