package io.spotwise.contract;

import java.time.Instant;

/**
 * A Kubernetes Event as written by the actuator, published as data on {@code spotwise.outcomes}.
 *
 * @param type   Normal or Warning
 * @param count  the Event's count after this write (aggregated repeats raise it)
 */
public record EventRecord(String reason, String type, String message, InvolvedObject involvedObject,
        String reportingController, String reportingInstance, int count, Instant lastTimestamp) {
}
