package io.spotwise.actuator.events;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Per-object token buckets like client-go's event spam filter: each object may get {@code burst} Events back to back,
 * then one more per {@code refill}; the rest are dropped (and counted by the caller). Bounded: the least recently used
 * objects are forgotten.
 */
final class ObjectRateLimiter {

    private static final int MAX_OBJECTS = 4096;

    private final int burst;
    private final long refillNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_OBJECTS;
        }
    };

    ObjectRateLimiter(int burst, Duration refill, LongSupplier nanoClock) {
        this.burst = burst;
        this.refillNanos = refill.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Takes a token for the object; false when its bucket is empty. */
    synchronized boolean tryAcquire(String objectKey) {
        long now = nanoClock.getAsLong();
        Bucket b = buckets.computeIfAbsent(objectKey, k -> new Bucket(burst, now));
        b.tokens = Math.min(burst, b.tokens + (now - b.updated) / (double) refillNanos);
        b.updated = now;
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }
}
