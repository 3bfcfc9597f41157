package io.spotwise.decider.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.WorkloadKind;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.topic.TopicNames;
import io.spotwise.decider.policy.state.SpotState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The decider's Prometheus metrics that come from the state and the actions. Gauges of the state are refreshed from
 * a snapshot taken on the state's context each tick (a scrape never touches the state); {@link ActionCounters} counts
 * emitted actions and their outcomes. Every family is registered here at start, with each label value it can take,
 * so that it exists before its first count; the webhook and the state feed count into families registered here.
 */
public final class DeciderMetrics implements SpotState.PendingListener {

    /** Default of SPOTWISE_METRICS_WORKLOAD_LIMIT. */
    public static final int DEFAULT_WORKLOAD_LIMIT = 500;
    /** Labels of the policy's RebalancePause values, registered at 0 before the first tick. */
    private static final List<String> PAUSE_REASONS = List.of("rollout-in-progress", "rollout-paused", "on-delete", "rollout-stuck",
            "nodes-disrupted", "replicas-missing");

    private final MeterRegistry registry;
    private final WorkloadGauges workloadGauges;
    private final MultiGauge workloads;
    private final MultiGauge fallbacksActive;
    private final MultiGauge rebalancingPaused;
    private final AtomicLong podsIndexed = new AtomicLong();
    private final AtomicLong actionsInFlight = new AtomicLong();
    private final Timer pending;
    private final Counter ticks;
    private final ActionCounters actionCounters;

    public DeciderMetrics(MeterRegistry registry) {
        this(registry, DEFAULT_WORKLOAD_LIMIT);
    }

    /** @param workloadLimit at most this many workloads get per-workload series (0: none) */
    public DeciderMetrics(MeterRegistry registry, int workloadLimit) {
        this(registry, workloadLimit, TopicNames.DEFAULT);
    }

    /** @param topics this cluster's topic names: the dead-letter counters are labelled with them */
    public DeciderMetrics(MeterRegistry registry, int workloadLimit, TopicNames topics) {
        this.registry = registry;
        this.workloadGauges = new WorkloadGauges(registry, workloadLimit);
        this.workloads = MultiGauge.builder("spotwise.decider.workloads")
                .description("opted-in workloads by kind").register(registry);
        this.fallbacksActive = MultiGauge.builder("spotwise.decider.fallbacks.active")
                .description("opted-in workloads in their on-demand fallback window, by kind").register(registry);
        this.rebalancingPaused = MultiGauge.builder("spotwise.decider.rebalancing.paused")
                .description("opted-in workloads whose rebalancing a rollout holds back, by reason (rollout-stuck: reported; "
                        + "a Deployment's rebalancing has resumed per ReplicaSet)")
                .register(registry);
        Gauge.builder("spotwise.decider.pods.indexed", podsIndexed, AtomicLong::get)
                .description("pods of Deployments and StatefulSets held in the state").register(registry);
        Gauge.builder("spotwise.decider.actions.in.flight", actionsInFlight, AtomicLong::get)
                .description("emitted actions without an outcome yet").register(registry);
        this.pending = Timer.builder("spotwise.decider.spot.pending.time")
                .description("how long spot-assigned pods stayed Pending").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100)).maximumExpectedValue(Duration.ofMinutes(30)).register(registry);
        this.ticks = Counter.builder("spotwise.decider.ticks").description("fallback / rebalancing ticks run (every replica ticks, only the leader decides)")
                .register(registry);
        WebhookMeters.register(registry);
        this.actionCounters = new ActionCounters(registry);
        for (ActionType type : ActionType.values()) {
            dryRunActions(type);
        }
        for (String topic : List.of(topics.workloads(), topics.pods(), topics.actions(), topics.outcomes())) {
            deadLetters(registry, topic);
        }
        refreshKinds(Map.of(), Map.of());
        Map<String, Integer> noPause = new TreeMap<>();
        for (String reason : PAUSE_REASONS) {
            noPause.put(reason, 0);
        }
        refreshPaused(noPause);
    }

    /** The counter of records of {@code topic} sent to spotwise.dead-letter. */
    public static Counter deadLetters(MeterRegistry registry, String topic) {
        return Counter.builder("spotwise.decider.dead.letters").tag("topic", topic)
                .description("records that could not be read and went to spotwise.dead-letter").register(registry);
    }

    /** {@code spotwise_decider_leader}: 1 on the replica holding the Lease (the one that emits actions), else 0. */
    public void leader(BooleanSupplier leading) {
        Gauge.builder("spotwise.decider.leader", leading, l -> l.getAsBoolean() ? 1 : 0).strongReference(true)
                .description("1 on the replica that holds the Lease and emits actions, 0 on a standby").register(registry);
    }

    /** Takes the gauges' snapshot and counts the tick; must run on the state's context. */
    public void refresh(SpotState state, Instant now) {
        ticks.increment();
        workloadGauges.update(state.summaries(now));
        refreshKinds(state.workloadsByKind(), state.activeFallbacksByKind(now));
        refreshPaused(state.rebalancingPausedByReason());
        podsIndexed.set(state.podCount());
        actionsInFlight.set(state.actionsInFlight());
    }

    /** Counts one emitted action (a decision, whatever became of it): {@code actions} and the {@code *.decided} counters. */
    public void emitted(Action action) {
        actionCounters.emitted(action);
        if (action.dryRun()) {
            dryRunActions(action.type()).increment();
        }
    }

    private Counter dryRunActions(ActionType type) {
        return Counter.builder("spotwise.decider.dry.run.actions").tag("type", type.name())
                .description("actions decided in observation mode (the actuator only reports them)").register(registry);
    }

    /**
     * Counts the effect of one action from its outcome, as the reference counted after success: a fallback when its
     * DISABLE_SPOT was PATCHED, an eviction when the pod was EVICTED (not when it was already gone, blocked or failed).
     */
    public void completed(Outcome outcome) {
        actionCounters.completed(outcome);
    }

    @Override
    public void spotPodLeftPending(WorkloadRef workload, Duration pendingFor) {
        pending.record(pendingFor);
        if (workloadGauges.exported().contains(workload)) {
            Timer.builder("spotwise.decider.workload.spot.pending.time").tags(WorkloadGauges.tags(workload))
                    .description("how long this workload's spot-assigned pods stayed Pending (at most SPOTWISE_METRICS_WORKLOAD_LIMIT workloads)")
                    .register(registry).record(pendingFor);
        }
    }

    private void refreshKinds(Map<WorkloadKind, Integer> byKind, Map<WorkloadKind, Integer> fallbacksByKind) {
        workloads.register(byKind(byKind), true);
        fallbacksActive.register(byKind(fallbacksByKind), true);
    }

    private void refreshPaused(Map<String, Integer> byReason) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        byReason.forEach((reason, n) -> rows.add(MultiGauge.Row.of(Tags.of("reason", reason), n)));
        rebalancingPaused.register(rows, true);
    }

    private static List<MultiGauge.Row<?>> byKind(Map<WorkloadKind, Integer> counts) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (WorkloadKind kind : WorkloadKind.values()) {
            rows.add(MultiGauge.Row.of(Tags.of("kind", kind.name()), counts.getOrDefault(kind, 0)));
        }
        return rows;
    }
}
