package io.spotwise.contract;

/** An action that breaks its kind's contract; the message names the kind, the action and the field. */
public final class InvalidActionException extends IllegalArgumentException {

    private final String field;

    public InvalidActionException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field that is missing or wrong, e.g. {@code pod.uid}. */
    public String field() {
        return field;
    }
}
