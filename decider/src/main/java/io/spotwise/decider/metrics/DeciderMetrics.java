package io.spotwise.decider.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.spotwise.common.contract.Action;
import io.spotwise.common.contract.ActionReason;
import io.spotwise.common.contract.ActionType;
import io.spotwise.common.contract.Outcome;
import io.spotwise.common.contract.OutcomeResult;
import io.spotwise.common.contract.WorkloadKind;
import io.spotwise.common.contract.WorkloadRef;
import io.spotwise.decider.policy.SpotState;
import io.spotwise.decider.policy.WorkloadSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The decider's Prometheus metrics that come from the state and the actions. Gauges of the state are refreshed from
 * a snapshot taken on the state's context each tick (a scrape never touches the state). Effect counters count
 * outcomes (what happened); the {@code *.decided} counters count emitted actions. Webhook and Kafka-side metrics
 * live with their components.
 */
public final class DeciderMetrics implements SpotState.PendingListener {

    private final MeterRegistry registry;
    private final MultiGauge pods;
    private final MultiGauge excess;
    private final MultiGauge workloads;
    private final MultiGauge fallbacksActive;
    private final MultiGauge rebalancingPaused;
    private final AtomicLong podsIndexed = new AtomicLong();
    private final AtomicLong actionsInFlight = new AtomicLong();
    private final Timer pending;
    private final Counter ticks;

    public DeciderMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.pods = MultiGauge.builder("spotwise.decider.workload.pods")
                .description("tracked pods of an opted-in workload by capacity type").register(registry);
        this.excess = MultiGauge.builder("spotwise.decider.workload.excess.pods")
                .description("pods above the workload's split, by capacity type").register(registry);
        this.workloads = MultiGauge.builder("spotwise.decider.workloads")
                .description("opted-in workloads by kind").register(registry);
        this.fallbacksActive = MultiGauge.builder("spotwise.decider.fallbacks.active")
                .description("opted-in workloads in their on-demand fallback window, by kind").register(registry);
        this.rebalancingPaused = MultiGauge.builder("spotwise.decider.rebalancing.paused")
                .description("opted-in workloads whose rebalancing a rollout holds back, by reason (rollout-stuck: reported; "
                        + "a Deployment's rebalancing has resumed per ReplicaSet)").register(registry);
        Gauge.builder("spotwise.decider.pods.indexed", podsIndexed, AtomicLong::get)
                .description("pods of Deployments and StatefulSets held in the state").register(registry);
        Gauge.builder("spotwise.decider.actions.in.flight", actionsInFlight, AtomicLong::get)
                .description("emitted actions without an outcome yet").register(registry);
        this.pending = Timer.builder("spotwise.decider.spot.pending.time")
                .description("how long spot-assigned pods stayed Pending").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofMinutes(30)).register(registry);
        this.ticks = Counter.builder("spotwise.decider.ticks").description("fallback / rebalancing ticks run (every replica ticks, only the leader decides)")
                .register(registry);
        for (ActionType t : ActionType.values()) {
            actions(t, ActionReason.FALLBACK);
        }
    }

    /** Takes the gauges' snapshot and counts the tick; must run on the state's context. */
    public void refresh(SpotState state, Instant now) {
        ticks.increment();
        List<MultiGauge.Row<?>> podRows = new ArrayList<>();
        List<MultiGauge.Row<?>> excessRows = new ArrayList<>();
        for (WorkloadSummary s : state.summaries(now)) {
            Tags tags = workloadTags(s.workload());
            podRows.add(MultiGauge.Row.of(tags.and("capacity_type", "spot"), s.spotPods()));
            podRows.add(MultiGauge.Row.of(tags.and("capacity_type", "on-demand"), s.onDemandPods()));
            excessRows.add(MultiGauge.Row.of(tags.and("capacity_type", "spot"), s.excessSpot()));
            excessRows.add(MultiGauge.Row.of(tags.and("capacity_type", "on-demand"), s.excessOnDemand()));
        }
        pods.register(podRows, true);
        excess.register(excessRows, true);
        workloads.register(byKind(state.workloadsByKind()), true);
        fallbacksActive.register(byKind(state.activeFallbacksByKind(now)), true);
        List<MultiGauge.Row<?>> pausedRows = new ArrayList<>();
        state.rebalancingPausedByReason().forEach((reason, n) -> pausedRows.add(MultiGauge.Row.of(Tags.of("reason", reason), n)));
        rebalancingPaused.register(pausedRows, true);
        podsIndexed.set(state.podCount());
        actionsInFlight.set(state.actionsInFlight());
    }

    /** Counts one emitted action (a decision, whatever became of it): the {@code *.decided} counters. */
    public void emitted(Action action) {
        actions(action.type(), action.reason()).increment();
        if (action.dryRun()) {
            Counter.builder("spotwise.decider.dry.run.actions").tag("type", action.type().name())
                    .description("actions decided in observation mode (the actuator only reports them)").register(registry).increment();
        }
        if (action.type() == ActionType.DISABLE_SPOT) {
            Counter.builder("spotwise.decider.fallbacks.decided").tag("kind", action.workload().kind().name())
                    .description("on-demand fallbacks decided (DISABLE_SPOT emitted), whatever their outcome")
                    .register(registry).increment();
        }
        if (action.type() == ActionType.EVICT_POD && action.reason() != ActionReason.FALLBACK) {
            Counter.builder("spotwise.decider.rebalance.evictions.decided").tag("capacity_type", from(action.reason()))
                    .description("rebalancing evictions decided, by the capacity type of the targeted pod, whatever their outcome")
                    .register(registry).increment();
        }
    }

    /**
     * Counts the effect of one action from its outcome, as the reference counted after success: a fallback when its
     * DISABLE_SPOT was PATCHED, an eviction when the pod was EVICTED (not when it was already gone, blocked or failed).
     */
    public void completed(Outcome outcome) {
        if (outcome.actionType() == ActionType.DISABLE_SPOT && outcome.result() == OutcomeResult.PATCHED) {
            Counter.builder("spotwise.decider.fallbacks").tag("kind", outcome.workload().kind().name())
                    .description("on-demand fallbacks that took effect (spot-disabled-until patched)").register(registry).increment();
        }
        if (outcome.actionType() != ActionType.EVICT_POD || outcome.result() != OutcomeResult.EVICTED || outcome.reason() == null) {
            return;
        }
        if (outcome.reason() == ActionReason.FALLBACK) {
            Counter.builder("spotwise.decider.fallback.evictions").tag("kind", outcome.workload().kind().name())
                    .description("timed-out Pending spot pods evicted for the on-demand fallback").register(registry).increment();
        } else {
            Counter.builder("spotwise.decider.rebalance.evictions").tag("capacity_type", from(outcome.reason()))
                    .description("rebalancing evictions that happened, by the capacity type of the evicted pod")
                    .register(registry).increment();
        }
    }

    private static String from(ActionReason reason) {
        return reason == ActionReason.REBALANCE_EXCESS_SPOT ? "spot" : "on-demand";
    }

    @Override
    public void spotPodLeftPending(WorkloadRef workload, Duration pendingFor) {
        pending.record(pendingFor);
    }

    private Counter actions(ActionType type, ActionReason reason) {
        return Counter.builder("spotwise.decider.actions").tag("type", type.name()).tag("reason", reason.name())
                .description("actions emitted by the leader").register(registry);
    }

    private static Tags workloadTags(WorkloadRef w) {
        return Tags.of("kind", w.kind().name(), "namespace", w.namespace(), "name", w.name());
    }

    private static List<MultiGauge.Row<?>> byKind(Map<WorkloadKind, Integer> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((kind, n) -> rows.add(MultiGauge.Row.of(Tags.of("kind", kind.name()), n)));
        return rows;
    }
}
