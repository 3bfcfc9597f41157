package io.spotwise.actuator.eviction;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Exponential backoff with full jitter, bounded in attempts and per-delay, honouring the server's Retry-After as a floor. */
public record RetryBackoff(int maxRetries, Duration base, Duration max, DoubleSupplier random) {

    /** Delay before retry number {@code retry} (1-based). */
    public long delayMillis(int retry, long retryAfterMillis) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(retry - 1, 20));
        long jittered = (long) (random.getAsDouble() * ceiling);
        return Math.max(Math.max(jittered, 1), Math.min(retryAfterMillis, max.toMillis()));
    }
}
