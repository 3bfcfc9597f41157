package io.spotwise.contract;

/** A record that breaks the contract; the message names the record and the field. */
public class InvalidRecordException extends IllegalArgumentException {

    private final String field;

    public InvalidRecordException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field that is missing or wrong, e.g. {@code observedAt}, {@code pod.uid}. */
    public String field() {
        return field;
    }
}
