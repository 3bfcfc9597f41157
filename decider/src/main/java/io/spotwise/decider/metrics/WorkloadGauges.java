package io.spotwise.decider.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.decider.policy.state.WorkloadSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The split of the opted-in workloads: cluster-wide sums (always, a handful of series) and per-workload series for at
 * most {@code limit} workloads, those an operator most likely looks at first: in fallback, then the largest deviation
 * from their split, then the most pods. On a 10,000-workload cluster the per-workload families stay at
 * {@code limit} × 5 series.
 */
final class WorkloadGauges {

    /** What a workload is doing, as the cluster view counts them. */
    enum State {
        FALLBACK, EXCESS_SPOT, EXCESS_ON_DEMAND, AT_TARGET;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private static final Comparator<WorkloadSummary> INTEREST = Comparator
            .comparing((WorkloadSummary s) -> !s.fallbackActive())
            .thenComparing(s -> -(s.excessSpot() + s.excessOnDemand()))
            .thenComparing(s -> -(s.spotPods() + s.onDemandPods()));

    private final int limit;
    private final MultiGauge pods;
    private final MultiGauge excess;
    private final MultiGauge target;
    private final MultiGauge clusterPods;
    private final MultiGauge clusterTarget;
    private final MultiGauge states;
    private volatile Set<WorkloadRef> exported = Set.of();

    WorkloadGauges(MeterRegistry registry, int limit) {
        this.limit = limit;
        this.pods = MultiGauge.builder("spotwise.decider.workload.pods")
                .description("tracked pods of an opted-in workload by capacity type (at most SPOTWISE_METRICS_WORKLOAD_LIMIT workloads)")
                .register(registry);
        this.excess = MultiGauge.builder("spotwise.decider.workload.excess.pods")
                .description("pods above the workload's split, by capacity type (at most SPOTWISE_METRICS_WORKLOAD_LIMIT workloads)")
                .register(registry);
        this.target = MultiGauge.builder("spotwise.decider.workload.target.spot.pods")
                .description("spot pods the workload's split aims at (at most SPOTWISE_METRICS_WORKLOAD_LIMIT workloads)")
                .register(registry);
        this.clusterPods = MultiGauge.builder("spotwise.decider.pods")
                .description("tracked pods of all opted-in workloads by capacity type").register(registry);
        this.clusterTarget = MultiGauge.builder("spotwise.decider.target.spot.pods")
                .description("spot pods the splits of all opted-in workloads aim at").register(registry);
        this.states = MultiGauge.builder("spotwise.decider.workloads.in.state")
                .description("opted-in workloads by state: fallback, excess-spot, excess-on-demand, at-target").register(registry);
        update(List.of());
    }

    /** Workloads that currently have per-workload series. */
    Set<WorkloadRef> exported() {
        return exported;
    }

    void update(List<WorkloadSummary> summaries) {
        long spot = 0;
        long onDemand = 0;
        long targetSpot = 0;
        Map<State, Integer> byState = new EnumMap<>(State.class);
        for (State s : State.values()) {
            byState.put(s, 0);
        }
        for (WorkloadSummary s : summaries) {
            spot += s.spotPods();
            onDemand += s.onDemandPods();
            targetSpot += targetSpot(s);
            byState.merge(state(s), 1, Integer::sum);
        }
        List<WorkloadSummary> shown = summaries.stream().sorted(INTEREST).limit(limit).toList();
        List<MultiGauge.Row<?>> podRows = new ArrayList<>();
        List<MultiGauge.Row<?>> excessRows = new ArrayList<>();
        List<MultiGauge.Row<?>> targetRows = new ArrayList<>();
        for (WorkloadSummary s : shown) {
            Tags tags = tags(s.workload());
            podRows.add(MultiGauge.Row.of(tags.and("capacity_type", "spot"), s.spotPods()));
            podRows.add(MultiGauge.Row.of(tags.and("capacity_type", "on-demand"), s.onDemandPods()));
            excessRows.add(MultiGauge.Row.of(tags.and("capacity_type", "spot"), s.excessSpot()));
            excessRows.add(MultiGauge.Row.of(tags.and("capacity_type", "on-demand"), s.excessOnDemand()));
            targetRows.add(MultiGauge.Row.of(tags, targetSpot(s)));
        }
        pods.register(podRows, true);
        excess.register(excessRows, true);
        target.register(targetRows, true);
        clusterPods.register(List.of(MultiGauge.Row.of(Tags.of("capacity_type", "spot"), spot),
                MultiGauge.Row.of(Tags.of("capacity_type", "on-demand"), onDemand)), true);
        clusterTarget.register(List.of(MultiGauge.Row.of(Tags.empty(), targetSpot)), true);
        List<MultiGauge.Row<?>> stateRows = new ArrayList<>();
        byState.forEach((state, n) -> stateRows.add(MultiGauge.Row.of(Tags.of("state", state.label()), n)));
        states.register(stateRows, true);
        exported = shown.stream().map(WorkloadSummary::workload).collect(Collectors.toUnmodifiableSet());
    }

    static Tags tags(WorkloadRef w) {
        return Tags.of("kind", w.kind().name(), "namespace", w.namespace(), "name", w.name());
    }

    /** The split's spot pods: take away the spot pods above it, add the on-demand pods above it (they should be spot). */
    static int targetSpot(WorkloadSummary s) {
        return s.spotPods() - s.excessSpot() + s.excessOnDemand();
    }

    static State state(WorkloadSummary s) {
        if (s.fallbackActive()) {
            return State.FALLBACK;
        }
        if (s.excessSpot() > 0) {
            return State.EXCESS_SPOT;
        }
        return s.excessOnDemand() > 0 ? State.EXCESS_ON_DEMAND : State.AT_TARGET;
    }
}
