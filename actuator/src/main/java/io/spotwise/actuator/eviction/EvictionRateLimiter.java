package io.spotwise.actuator.eviction;

import java.util.function.LongSupplier;

/**
 * Cluster-wide token bucket for evictions: a burst of actions is spread out instead of flooding the API server.
 * {@link #reserve()} takes a token now or books the next free one, returning how long the caller must wait.
 */
public final class EvictionRateLimiter {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    public EvictionRateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
        this.ratePerNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    /** Reserves one token; returns 0 when it is available now, otherwise the nanoseconds until it will be. */
    public synchronized long reserve() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }
}
