package io.spotwise.decider.policy.state;

import io.spotwise.common.rate.TokenBucket;
import io.spotwise.contract.WorkloadRef;

/**
 * What the ticks remember across workloads: when the state was rebuilt, the cluster-wide eviction token bucket, the
 * last interruption burst and where rebalancing resumes. On the state's context.
 */
public final class TickMarks {

    private long rebuiltAt = Long.MIN_VALUE;
    /** The cluster-wide rebalancing eviction budget, null until the first refill; read at {@link #evictionsAt}. */
    private TokenBucket evictions;
    private long evictionsAt = Long.MIN_VALUE;
    /** An interruption burst was last seen until then (epoch millis), and what it was. */
    private long burstUntil = Long.MIN_VALUE;
    private String burstDetail;
    /** Rebalancing resumes after this workload next tick, so a tight budget is shared round-robin. */
    private WorkloadRef rebalanceCursor;

    void rebuilt(long at) {
        rebuiltAt = at;
    }

    /** When the state was last rebuilt from the topics (epoch millis), MIN when never. */
    public long rebuiltAt() {
        return rebuiltAt;
    }

    /**
     * Refills the eviction budget to {@code at} (epoch millis): {@code rate} tokens per second up to {@code burst}; full
     * the first time (the rate and burst of that first call stay); an earlier {@code at} adds nothing.
     */
    public void refillEvictions(long at, double rate, int burst) {
        if (evictions == null) {
            evictions = TokenBucket.perSecond(rate, burst, nanos(at));
        }
        evictionsAt = Math.max(at, evictionsAt);
    }

    /** One eviction can be afforded now. */
    public boolean evictionAffordable() {
        return evictions != null && evictions.available(nanos(evictionsAt));
    }

    /** An eviction was decided for this workload: a token is spent and the next tick resumes after it. */
    public void evicted(WorkloadRef workload) {
        if (evictions != null) {
            evictions.reserve(nanos(evictionsAt));
        }
        rebalanceCursor = workload;
    }

    private static long nanos(long millis) {
        return Math.multiplyExact(millis, 1_000_000L);
    }

    /** Rebalancing resumes after this workload, null to start from the first. */
    public WorkloadRef rebalanceCursor() {
        return rebalanceCursor;
    }

    public void interruptionBurst(long until, String detail) {
        burstUntil = until;
        burstDetail = detail;
    }

    public long burstUntil() {
        return burstUntil;
    }

    public String burstDetail() {
        return burstDetail;
    }
}
