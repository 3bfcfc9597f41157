package io.spotwise.contract.serde;

/**
 * A Kafka record that cannot be read as the type its topic carries. Names where it is and which field failed, so the
 * record can go to the dead-letter topic with a useful error. Terminal: re-reading the same bytes fails the same way.
 */
public final class RecordReadException extends Exception {

    private final String topic;
    private final int partition;
    private final long offset;
    private final String field;

    public RecordReadException(String topic, int partition, long offset, String field, String reason, Throwable cause) {
        super(topic + "-" + partition + "@" + offset + (field == null ? "" : " field '" + field + "'") + ": " + reason, cause);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.field = field;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    /** The JSON path of the field that failed (e.g. {@code pod.name}), null when the whole document is unreadable. */
    public String field() {
        return field;
    }

    /** The reason without the location prefix. */
    public String reason() {
        String m = getMessage();
        return m.substring(m.indexOf(": ") + 2);
    }
}
