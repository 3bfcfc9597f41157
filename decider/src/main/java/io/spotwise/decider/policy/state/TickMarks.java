package io.spotwise.decider.policy.state;

import io.spotwise.contract.WorkloadRef;

/**
 * What the ticks remember across workloads: when the state was rebuilt, the cluster-wide eviction token bucket, the
 * last interruption burst and where rebalancing resumes. On the state's context.
 */
public final class TickMarks {

    private long rebuiltAt = Long.MIN_VALUE;
    private double evictionTokens = -1;
    private long evictionTokensAt = Long.MIN_VALUE;
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

    /** Refills the eviction budget: {@code rate} tokens per second up to {@code burst}; full the first time. */
    public void refillEvictions(long at, double rate, int burst) {
        if (evictionTokensAt == Long.MIN_VALUE) {
            evictionTokens = burst;
        } else if (at > evictionTokensAt) {
            double added = (at - evictionTokensAt) / 1000.0 * rate;
            evictionTokens = Math.min(burst, evictionTokens + added);
        }
        evictionTokensAt = Math.max(at, evictionTokensAt);
    }

    /** One eviction can be afforded now. */
    public boolean evictionAffordable() {
        return evictionTokens >= 1;
    }

    /** An eviction was decided for this workload: a token is spent and the next tick resumes after it. */
    public void evicted(WorkloadRef workload) {
        evictionTokens -= 1;
        rebalanceCursor = workload;
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
