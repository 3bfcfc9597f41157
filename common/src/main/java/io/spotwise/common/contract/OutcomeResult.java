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
    FAILED
}
