package io.spotwise.actuator.events;

import io.spotwise.common.rate.TokenBucket;
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
    private final Duration refill;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
            return size() > MAX_OBJECTS;
        }
    };

    ObjectRateLimiter(int burst, Duration refill, LongSupplier nanoClock) {
        this.burst = burst;
        this.refill = refill;
        this.nanoClock = nanoClock;
    }

    /** Takes a token for the object; false when its bucket is empty. */
    synchronized boolean tryAcquire(String objectKey) {
        return buckets.computeIfAbsent(objectKey, k -> TokenBucket.oneEvery(refill, burst, nanoClock)).tryTake();
    }
}
