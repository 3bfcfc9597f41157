package io.spotwise.contract;

import java.time.Instant;

/**
 * A record some service could not read. Topic {@code spotwise.dead-letter}, key = the original key.
 *
 * @param value  the original value as UTF-8 text (base64 prefixed with {@code base64:} when not valid UTF-8)
 * @param field  the field that could not be read, when known
 */
public record DeadLetter(
        int schemaVersion,
        String sourceTopic,
        int partition,
        long offset,
        String key,
        String value,
        String error,
        String field,
        String service,
        Instant failedAt) implements SpotwiseRecord {

    public DeadLetter {
        RecordChecks.of("DeadLetter", sourceTopic).present(sourceTopic, "sourceTopic").present(error, "error").present(failedAt, "failedAt");
    }
}
