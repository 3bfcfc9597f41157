package io.spotwise.contract;

/** An action that breaks its kind's contract; the message names the kind, the action and the field. */
public final class InvalidActionException extends InvalidRecordException {

    public InvalidActionException(String field, String message) {
        super(field, message);
    }
}
