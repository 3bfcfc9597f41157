package io.spotwise.actuator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.spotwise.actuator.guard.Rejection;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.WorkloadRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every meter of the actuator, named and described once, each family registered at start with the label values it
 * can take. Prometheus names get {@code _total} / {@code _seconds} suffixes. Per-workload outcome counters exist for
 * the {@code workloadLimit} workloads most recently acted on; the least recent one's series go when another comes.
 */
public final class ActuatorMetrics {

    /** Values of the {@code outcome} label of {@code spotwise_actuator_events_total}. */
    public static final List<String> EVENT_OUTCOMES = List.of("written", "aggregated", "dropped", "failed");
    /** Values of the {@code window} label of {@code spotwise_actuator_crash_window_total}. */
    public static final List<String> CRASH_WINDOWS = List.of("eviction-done-event-pending", "effect-done-outcome-uncommitted");
    /** Values of the {@code lane} label of {@code spotwise_actuator_decision_to_outcome_seconds}. */
    public static final List<String> LANES = List.of("CONTROL", "STATUS", "FALLBACK_EVICTION", "REBALANCE_EVICTION", "IMMEDIATE");

    private final MeterRegistry registry;
    private final Timer evictionLatency;
    private final Timer rateLimiterWait;
    private final Counter evictionRetries;
    private final Counter deadLetters;
    private final Counter recoveredFromStarted;
    private final AtomicLong consumerLag = new AtomicLong();
    private final Map<WorkloadRef, List<Meter>> workloadMeters;

    public ActuatorMetrics(MeterRegistry registry) {
        this(registry, 500);
    }

    /** @param workloadLimit at most this many workloads get per-workload series (0: none) */
    public ActuatorMetrics(MeterRegistry registry, int workloadLimit) {
        this.registry = registry;
        this.evictionLatency = Timer.builder("spotwise.actuator.eviction.duration")
                .description("time from the first eviction attempt to the final answer, retries included")
                .publishPercentileHistogram()
                .register(registry);
        this.rateLimiterWait = Timer.builder("spotwise.actuator.eviction.rate.limiter.wait")
                .description("time evictions waited for the cluster-wide eviction rate limit")
                .register(registry);
        this.evictionRetries = Counter.builder("spotwise.actuator.eviction.retries")
                .description("eviction attempts retried after 429 (API priority and fairness), 5xx or no answer")
                .register(registry);
        this.deadLetters = Counter.builder("spotwise.actuator.dead.letters")
                .description("unreadable actions sent to spotwise.dead-letter").register(registry);
        Gauge.builder("spotwise.actuator.consumer.lag", consumerLag, AtomicLong::get).baseUnit("records")
                .description("records behind on spotwise.actions, summed over this replica's partitions").register(registry);
        for (ActionType type : ActionType.values()) {
            for (OutcomeResult result : OutcomeResult.values()) {
                actions(type, result);
            }
        }
        EVENT_OUTCOMES.forEach(this::events);
        CRASH_WINDOWS.forEach(this::crashWindows);
        LANES.forEach(this::decisionToOutcome);
        this.recoveredFromStarted = Counter.builder("spotwise.actuator.recovered.from.started")
                .description("redelivered evictions completed from their STARTED mark (the pod was gone because we had evicted it)")
                .register(registry);
        this.workloadMeters = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<WorkloadRef, List<Meter>> eldest) {
                if (size() <= workloadLimit) {
                    return false;
                }
                eldest.getValue().forEach(registry::remove);
                return true;
            }
        };
        for (Rejection.Reason reason : Rejection.Reason.values()) {
            rejectedCounter(reason.label()); // every family exported from the start
        }
    }

    public void action(ActionType type, OutcomeResult result) {
        actions(type, result).increment();
    }

    /** Counts an action carried out, also per workload (bounded, see the class). */
    public void action(Action action, OutcomeResult result) {
        action(action.type(), result);
        synchronized (workloadMeters) {
            List<Meter> meters = workloadMeters.computeIfAbsent(action.workload(), w -> new ArrayList<>());
            Counter c = Counter.builder("spotwise.actuator.workload.actions")
                    .tags(Tags.of("kind", action.workload().kind().name(), "namespace", action.workload().namespace(),
                            "name", action.workload().name(), "type", action.type().name(), "result", result.name()))
                    .description("actions carried out for one workload, by type and result (the SPOTWISE_METRICS_WORKLOAD_LIMIT most recent workloads)")
                    .register(registry);
            if (!meters.contains(c)) {
                meters.add(c);
            }
            c.increment();
            if (!workloadMeters.containsKey(action.workload())) {
                registry.remove(c);
            }
        }
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
        events(outcome).increment();
    }

    public void consumerLag(long lag) {
        consumerLag.set(lag);
    }

    /** An action the guard refused (outcome REJECTED); reason is {@code Rejection.Reason#label()}. */
    public void rejected(String reason) {
        rejectedCounter(reason).increment();
    }

    private Counter rejectedCounter(String reason) {
        return Counter.builder("spotwise.actuator.rejected.actions").tag("reason", reason)
                .description("actions the guard refused (outcome REJECTED): records Spotwise would never have decided")
                .register(registry);
    }

    public void deadLetter() {
        deadLetters.increment();
    }

    /** A window a crash may hit, reached: "eviction-done-event-pending", "effect-done-outcome-uncommitted". */
    public void crashWindow(String window) {
        crashWindows(window).increment();
    }

    /** Decision (decidedAt) to outcome ready, by lane: CONTROL, FALLBACK_EVICTION, REBALANCE_EVICTION, IMMEDIATE. */
    public void decisionToOutcome(String lane, Duration d) {
        decisionToOutcome(lane).record(d.isNegative() ? Duration.ZERO : d);
    }

    /** A redelivered eviction completed from its STARTED mark (its pod was already gone because we evicted it). */
    public void recoveredFromStarted() {
        recoveredFromStarted.increment();
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).strongReference(true).register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter actions(ActionType type, OutcomeResult result) {
        return Counter.builder("spotwise.actuator.actions").tag("type", type.name()).tag("result", result.name())
                .description("actions carried out, by type and result").register(registry);
    }

    private Counter crashWindows(String window) {
        return Counter.builder("spotwise.actuator.crash.window").tag("window", window)
                .description("times a window a crash could hit was reached (the redelivery after a crash there is recovered)").register(registry);
    }

    private Timer decisionToOutcome(String lane) {
        return Timer.builder("spotwise.actuator.decision.to.outcome")
                .description("from the decider's decision to the actuator's outcome, by lane")
                .tag("lane", lane)
                .publishPercentileHistogram()
                .register(registry);
    }

    private Counter events(String outcome) {
        return Counter.builder("spotwise.actuator.events").tag("outcome", outcome)
                .description("Kubernetes Events written, aggregated, dropped by the per-object rate limit, or failed").register(registry);
    }
}
