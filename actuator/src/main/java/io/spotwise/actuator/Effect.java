package io.spotwise.actuator;

import io.spotwise.actuator.events.EventSpec;
import io.spotwise.contract.EventRecord;
import io.spotwise.contract.OutcomeResult;

/**
 * What carrying out one action did, before its Event is written.
 *
 * @param detail  for humans and the outcome record: the API server's answer, why nothing was done, ...
 * @param event   the Event to write, null when there is nothing to tell (e.g. the pod was already gone)
 * @param written the Event an earlier attempt of the action already wrote (then {@code event} is null): reported as is
 */
public record Effect(OutcomeResult result, String detail, EventSpec event, EventRecord written) {

    public Effect(OutcomeResult result, String detail, EventSpec event) {
        this(result, detail, event, null);
    }
}
