package io.spotwise.decider.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Metrics count effects from outcomes (as the reference counted after success), decisions separately")
class DeciderMetricsTest {

    private static final WorkloadRef WEB = WorkloadRef.deployment("shop", "web");
    private static final Instant NOW = Instant.parse("2026-06-25T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DeciderMetrics metrics = new DeciderMetrics(registry);

    private static final PodRef POD = new PodRef("shop", "web-1", "pod-uid");
    private static final SplitCounts COUNTS = new SplitCounts("web-7d9f", 1, 1, 1, 1, 50, 0);

    private static Action action(ActionType type, ActionReason reason) {
        Instant expires = NOW.plus(Duration.ofMinutes(5));
        return switch (type) {
            case EVICT_POD -> reason == ActionReason.FALLBACK
                    ? new FallbackEviction("a-1", WEB, "uid", reason, NOW, 0, expires, POD, Duration.ofSeconds(70), Duration.ofMinutes(1),
                            NOW.plus(Duration.ofMinutes(2)), COUNTS)
                    : new RebalanceEviction("a-1", WEB, "uid", reason, NOW, 0, expires, POD, COUNTS);
            case DISABLE_SPOT -> new DisableSpot("a-1", WEB, "uid", reason, NOW, 0, expires, NOW.plus(Duration.ofMinutes(2)), POD,
                    Duration.ofSeconds(70), Duration.ofMinutes(1), COUNTS);
            case ENABLE_SPOT -> new EnableSpot("a-1", WEB, "uid", reason, NOW, 0, expires, NOW, COUNTS);
            case REPORT_CONFIG_INVALID -> new ReportConfigInvalid("a-1", WEB, "uid", reason, NOW, 0, expires, "bad");
            case REPORT_REBALANCE_PAUSED -> new io.spotwise.contract.ReportRebalancePaused("a-1", WEB, "uid", reason, NOW, 0,
                    expires, "ROLLOUT_PAUSED", "held");
            case SET_DELETION_COST -> new io.spotwise.contract.SetDeletionCost("a-1", WEB, "uid", reason, NOW, 0, expires, POD,
                    "web-7d9f", 9_999, false);
            case WRITE_STATUS -> new io.spotwise.contract.WriteStatus("a-1", WEB, "uid", reason, NOW, 0, expires, "{}", "balanced");
        };
    }

    private static Outcome outcome(Action a, OutcomeResult result) {
        return new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, a.id(), a.type(), a.reason(), a.workload(),
                a instanceof PodEviction e ? e.pod() : null, result, null, null, NOW);
    }

    private double count(String name, String tag, String value) {
        Counter c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    @DisplayName("a rebalancing eviction counts as decided when emitted, as an eviction only when EVICTED")
    void rebalanceCountedOnEvicted() {
        Action evict = action(ActionType.EVICT_POD, ActionReason.REBALANCE_EXCESS_ON_DEMAND);
        metrics.emitted(evict);
        assertThat(count("spotwise.decider.rebalance.evictions.decided", "capacity_type", "on-demand")).isEqualTo(1);
        assertThat(count("spotwise.decider.rebalance.evictions", "capacity_type", "on-demand")).isZero();
        metrics.completed(outcome(evict, OutcomeResult.EVICTED));
        assertThat(count("spotwise.decider.rebalance.evictions", "capacity_type", "on-demand")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} → not counted as an eviction")
    @EnumSource(value = OutcomeResult.class, names = {"BLOCKED_BY_PDB", "FAILED", "PRECONDITION_FAILED", "ALREADY_GONE", "DRY_RUN"})
    @DisplayName("blocked, failed, gone or dry-run evictions are no effect")
    void noEffectNoCount(OutcomeResult result) {
        Action rebalance = action(ActionType.EVICT_POD, ActionReason.REBALANCE_EXCESS_SPOT);
        Action fallback = action(ActionType.EVICT_POD, ActionReason.FALLBACK);
        metrics.completed(outcome(rebalance, result));
        metrics.completed(outcome(fallback, result));
        assertThat(count("spotwise.decider.rebalance.evictions", "capacity_type", "spot")).isZero();
        assertThat(count("spotwise.decider.fallback.evictions", "kind", "Deployment")).isZero();
    }

    @Test
    @DisplayName("a fallback counts when its DISABLE_SPOT was PATCHED, not when it FAILED")
    void fallbackCountedOnPatched() {
        Action disable = action(ActionType.DISABLE_SPOT, ActionReason.FALLBACK);
        metrics.emitted(disable);
        metrics.completed(outcome(disable, OutcomeResult.FAILED));
        assertThat(count("spotwise.decider.fallbacks.decided", "kind", "Deployment")).isEqualTo(1);
        assertThat(count("spotwise.decider.fallbacks", "kind", "Deployment")).isZero();
        metrics.completed(outcome(disable, OutcomeResult.PATCHED));
        assertThat(count("spotwise.decider.fallbacks", "kind", "Deployment")).isEqualTo(1);
        Action evict = action(ActionType.EVICT_POD, ActionReason.FALLBACK);
        metrics.completed(outcome(evict, OutcomeResult.EVICTED));
        assertThat(count("spotwise.decider.fallback.evictions", "kind", "Deployment")).isEqualTo(1);
    }

    @Test
    @DisplayName("the observation-mode counter exists at 0 for every action type before any dry-run action")
    void dryRunFamilyExistsFromTheStart() {
        for (ActionType type : ActionType.values()) {
            assertThat(registry.find("spotwise.decider.dry.run.actions").tag("type", type.name()).counter())
                    .as("dry-run counter for %s", type).isNotNull()
                    .satisfies(c -> assertThat(c.count()).isZero());
        }
    }
}
