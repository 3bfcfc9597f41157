package io.spotwise.decider.policy;

import java.time.Instant;

/**
 * The webhook's decision (reference §3.2), per direct owner with in-flight admissions counted: the first
 * minOnDemandReplicas pods go on-demand, then spot while spot &lt; floor((total+1) × percentage / 100).
 */
public final class PlacementPolicy {

    /** Decides and records the in-flight admission in the state (unless UNMANAGED). */
    public Placement place(SpotState state, AdmissionRequest request, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Decides without recording anything (dry-run requests). */
    public Placement preview(SpotState state, AdmissionRequest request, Instant now) {
        throw new UnsupportedOperationException("not yet");
    }
}
