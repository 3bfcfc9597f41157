package io.spotwise.decider.status;

import io.spotwise.contract.Action;
import io.spotwise.contract.OutcomeResult;
import java.time.Instant;

/** The last action decided for a workload (status writes aside) and, once known, its result. */
record LastAction(String id, String type, String reason, Instant decidedAt, OutcomeResult result, String detail) {

    static LastAction of(Action a) {
        return new LastAction(a.id(), a.type().name(), a.reason().name(), a.decidedAt(), null, null);
    }

    LastAction answered(OutcomeResult r, String d) {
        return new LastAction(id, type, reason, decidedAt, r, d);
    }
}
