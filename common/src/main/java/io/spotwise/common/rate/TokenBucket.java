package io.spotwise.common.rate;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: holds up to {@code burst} tokens, starts full and gains one token per {@code interval}. Either take a
 * token only when there is one ({@link #tryTake()}: drop or skip what is over the rate), or book the next one and wait
 * ({@link #reserve()}: spread a burst out). Time comes from a nanosecond clock ({@code System::nanoTime} in services,
 * a hand-moved one in tests), or is given to each call (the {@code (long now)} methods, for code that must not read a
 * clock, such as the decider's pure policy): a bucket made without a clock answers only those. Time only moves
 * forward: an earlier {@code now} adds nothing. Thread-safe.
 */
public final class TokenBucket {

    private final double nanosPerToken;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long updated;

    private TokenBucket(double nanosPerToken, int burst, LongSupplier nanoClock, long start) {
        if (!(nanosPerToken > 0) || Double.isInfinite(nanosPerToken) || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and a burst of at least 1");
        }
        this.nanosPerToken = nanosPerToken;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.updated = start;
    }

    /** {@code perSecond} tokens a second, at most {@code burst} at once. */
    public static TokenBucket perSecond(double perSecond, int burst, LongSupplier nanoClock) {
        return new TokenBucket(1e9 / perSecond, burst, nanoClock, nanoClock.getAsLong());
    }

    /** One token per {@code interval}, at most {@code burst} at once. */
    public static TokenBucket oneEvery(Duration interval, int burst, LongSupplier nanoClock) {
        return new TokenBucket(interval.toNanos(), burst, nanoClock, nanoClock.getAsLong());
    }

    /** Without a clock: full at {@code nowNanos}; use the methods that take the time. */
    public static TokenBucket perSecond(double perSecond, int burst, long nowNanos) {
        return new TokenBucket(1e9 / perSecond, burst, null, nowNanos);
    }

    /** Takes a token if there is one now; false (and nothing taken) when the bucket is empty. */
    public synchronized boolean tryTake() {
        return tryTake(clock());
    }

    /** {@link #tryTake()} at {@code nowNanos}. */
    public synchronized boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Takes a token now or books the next free one: 0 when it is available now, else the nanoseconds to wait for it. */
    public synchronized long reserve() {
        return reserve(clock());
    }

    /** {@link #reserve()} at {@code nowNanos}. */
    public synchronized long reserve(long nowNanos) {
        refill(nowNanos);
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens * nanosPerToken);
    }

    /** At least one token at {@code nowNanos}; takes nothing. */
    public synchronized boolean available(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1;
    }

    private long clock() {
        if (nanoClock == null) {
            throw new IllegalStateException("this token bucket has no clock: pass the time");
        }
        return nanoClock.getAsLong();
    }

    private void refill(long now) {
        if (now > updated) {
            tokens = Math.min(burst, tokens + (now - updated) / nanosPerToken);
            updated = now;
        }
    }
}
