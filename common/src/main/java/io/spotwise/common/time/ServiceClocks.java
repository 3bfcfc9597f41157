package io.spotwise.common.time;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The wall clock a service reads its "now" from. Production: the system clock in UTC. For fault tests only, the JVM
 * system property {@value #OFFSET_PROPERTY} (an ISO-8601 duration such as {@code PT-30S}) shifts it, so a test can run
 * one replica with a skewed clock (the chaos campaign does, to prove that no guarantee rests on clocks agreeing). It is
 * a system property, not an environment key, on purpose: no deployment manifest can set it by accident.
 */
public final class ServiceClocks {

    public static final String OFFSET_PROPERTY = "spotwise.test.clock-offset";

    private ServiceClocks() {
    }

    public static Clock system() {
        String offset = System.getProperty(OFFSET_PROPERTY);
        if (offset == null || offset.isBlank()) {
            return Clock.systemUTC();
        }
        try {
            return Clock.offset(Clock.systemUTC(), Duration.parse(offset.trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("-D" + OFFSET_PROPERTY + "='" + offset + "' is not an ISO-8601 duration (e.g. PT-30S)", e);
        }
    }
}
