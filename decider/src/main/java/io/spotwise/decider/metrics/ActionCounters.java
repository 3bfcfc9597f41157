package io.spotwise.decider.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.WorkloadKind;
import java.util.List;

/**
 * The decider's counters of actions: the {@code *.decided} ones and {@code actions} count emitted actions, the effect
 * counters ({@code fallbacks}, {@code fallback.evictions}, {@code rebalance.evictions}) count outcomes, as the
 * reference counted after success. All registered at start with every label value, at 0.
 */
final class ActionCounters {

    private static final List<String> CAPACITY_TYPES = List.of("spot", "on-demand");

    private final MeterRegistry registry;

    ActionCounters(MeterRegistry registry) {
        this.registry = registry;
        for (ActionType t : ActionType.values()) {
            for (ActionReason r : ActionReason.values()) {
                actions(t, r);
            }
        }
        for (WorkloadKind kind : WorkloadKind.values()) {
            fallbacksDecided(kind);
            fallbacks(kind);
            fallbackEvictions(kind);
        }
        for (String capacityType : CAPACITY_TYPES) {
            rebalanceEvictionsDecided(capacityType);
            rebalanceEvictions(capacityType);
        }
    }

    void emitted(Action action) {
        actions(action.type(), action.reason()).increment();
        if (action.type() == ActionType.DISABLE_SPOT) {
            fallbacksDecided(action.workload().kind()).increment();
        }
        if (action.type() == ActionType.EVICT_POD && action.reason() != ActionReason.FALLBACK) {
            rebalanceEvictionsDecided(from(action.reason())).increment();
        }
    }

    void completed(Outcome outcome) {
        if (outcome.actionType() == ActionType.DISABLE_SPOT && outcome.result() == OutcomeResult.PATCHED) {
            fallbacks(outcome.workload().kind()).increment();
        }
        if (outcome.actionType() != ActionType.EVICT_POD || outcome.result() != OutcomeResult.EVICTED || outcome.reason() == null) {
            return;
        }
        if (outcome.reason() == ActionReason.FALLBACK) {
            fallbackEvictions(outcome.workload().kind()).increment();
        } else {
            rebalanceEvictions(from(outcome.reason())).increment();
        }
    }

    private static String from(ActionReason reason) {
        return reason == ActionReason.REBALANCE_EXCESS_SPOT ? "spot" : "on-demand";
    }

    private Counter actions(ActionType type, ActionReason reason) {
        return Counter.builder("spotwise.decider.actions").tag("type", type.name()).tag("reason", reason.name())
                .description("actions emitted by the leader").register(registry);
    }

    private Counter fallbacksDecided(WorkloadKind kind) {
        return Counter.builder("spotwise.decider.fallbacks.decided").tag("kind", kind.name())
                .description("on-demand fallbacks decided (DISABLE_SPOT emitted), whatever their outcome").register(registry);
    }

    private Counter rebalanceEvictionsDecided(String capacityType) {
        return Counter.builder("spotwise.decider.rebalance.evictions.decided").tag("capacity_type", capacityType)
                .description("rebalancing evictions decided, by the capacity type of the targeted pod, whatever their outcome")
                .register(registry);
    }

    private Counter fallbacks(WorkloadKind kind) {
        return Counter.builder("spotwise.decider.fallbacks").tag("kind", kind.name())
                .description("on-demand fallbacks that took effect (spot-disabled-until patched)").register(registry);
    }

    private Counter fallbackEvictions(WorkloadKind kind) {
        return Counter.builder("spotwise.decider.fallback.evictions").tag("kind", kind.name())
                .description("timed-out Pending spot pods evicted for the on-demand fallback").register(registry);
    }

    private Counter rebalanceEvictions(String capacityType) {
        return Counter.builder("spotwise.decider.rebalance.evictions").tag("capacity_type", capacityType)
                .description("rebalancing evictions that happened, by the capacity type of the evicted pod").register(registry);
    }
}
