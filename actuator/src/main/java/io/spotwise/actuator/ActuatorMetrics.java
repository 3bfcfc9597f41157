package io.spotwise.actuator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spotwise.common.contract.ActionType;
import io.spotwise.common.contract.OutcomeResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Every meter of the actuator, named once. Prometheus names get {@code _total} / {@code _seconds} suffixes. */
public final class ActuatorMetrics {

    private final MeterRegistry registry;
    private final Timer evictionLatency;
    private final Timer rateLimiterWait;
    private final Counter evictionRetries;
    private final AtomicLong consumerLag = new AtomicLong();

    public ActuatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.evictionLatency = Timer.builder("spotwise.actuator.eviction")
                .description("time from the first eviction attempt to the final answer, retries included")
                .publishPercentileHistogram()
                .register(registry);
        this.rateLimiterWait = Timer.builder("spotwise.actuator.eviction.rate.limiter.wait")
                .description("time evictions waited for the cluster-wide eviction rate limit")
                .register(registry);
        this.evictionRetries = Counter.builder("spotwise.actuator.eviction.retries")
                .description("eviction attempts retried after 429 (API priority and fairness), 5xx or no answer")
                .register(registry);
        registry.gauge("spotwise.actuator.consumer.lag", consumerLag);
    }

    public void action(ActionType type, OutcomeResult result) {
        registry.counter("spotwise.actuator.actions", "type", type.name(), "result", result.name()).increment();
    }

    public void evictionLatency(Duration d) {
        evictionLatency.record(d);
    }

    public void rateLimiterWait(long nanos) {
        rateLimiterWait.record(Duration.ofNanos(nanos));
    }

    public void evictionRetry() {
        evictionRetries.increment();
    }

    /** outcome: written (new Event), aggregated (count raised on an existing Event), dropped (rate limit), failed. */
    public void event(String outcome) {
        registry.counter("spotwise.actuator.events", "outcome", outcome).increment();
    }

    public void consumerLag(long lag) {
        consumerLag.set(lag);
    }

    public void deadLetter() {
        registry.counter("spotwise.actuator.dead.letters").increment();
    }

    /** A window a crash may hit, reached: "eviction-done-event-pending", "effect-done-outcome-uncommitted". */
    public void crashWindow(String window) {
        registry.counter("spotwise.actuator.crash.window", "window", window).increment();
    }

    /** Decision (decidedAt) to outcome ready, by lane: CONTROL, FALLBACK_EVICTION, REBALANCE_EVICTION. */
    public void decisionToOutcome(String lane, Duration d) {
        Timer.builder("spotwise.actuator.decision.to.outcome")
                .description("from the decider's decision to the actuator's outcome, by lane")
                .tag("lane", lane)
                .publishPercentileHistogram()
                .register(registry)
                .record(d.isNegative() ? Duration.ZERO : d);
    }

    /** A redelivered eviction completed from its STARTED mark (its pod was already gone because we evicted it). */
    public void recoveredFromStarted() {
        registry.counter("spotwise.actuator.recovered.from.started").increment();
    }

    public void gauge(String name, String description, java.util.function.Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value).description(description).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }
}
