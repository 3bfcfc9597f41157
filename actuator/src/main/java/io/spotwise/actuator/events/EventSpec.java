package io.spotwise.actuator.events;

import io.spotwise.contract.InvolvedObject;

/**
 * An Event to write: what the operator will read in {@code kubectl get events}.
 *
 * @param type    Normal or Warning (dry-run writes Normal whatever the reason)
 * @param action  what the controller did or would have done (core/v1 {@code action}), e.g. Evict, Patch
 */
public record EventSpec(String reason, String type, String message, InvolvedObject involvedObject, String action) {

    public static EventSpec of(SpotEventReason reason, String message, InvolvedObject object, String action) {
        return new EventSpec(reason.name(), reason.type(), message, object, action);
    }

    /** The same event as a Normal "would have" report: dry-run changes nothing, so nothing is a warning. */
    public EventSpec asDryRun(String wouldHave) {
        return new EventSpec(reason, "Normal", "Dry run, nothing changed: would have " + wouldHave, involvedObject, action);
    }
}
