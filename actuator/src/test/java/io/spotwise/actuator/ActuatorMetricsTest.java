package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.contract.OutcomeResult;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ActuatorMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    @DisplayName("before any action every family is there at 0: dead letters, actions by type and result, events by outcome")
    void familiesExistFromTheStart() {
        new ActuatorMetrics(registry, 10);
        assertThat(registry.scrape())
                .contains("spotwise_actuator_dead_letters_total 0.0")
                .contains("spotwise_actuator_actions_total{result=\"BLOCKED_BY_PDB\",type=\"EVICT_POD\"} 0.0")
                .contains("spotwise_actuator_events_total{outcome=\"dropped\"} 0.0")
                .contains("spotwise_actuator_consumer_lag_records 0.0")
                .doesNotContain("# HELP spotwise_actuator_consumer_lag_records \n");
    }

    @Test
    @DisplayName("per-workload counters for the 2 most recently acted-on workloads only (limit 2)")
    void perWorkloadSeriesAreBounded() {
        ActuatorMetrics metrics = new ActuatorMetrics(registry, 2);
        metrics.action(Actions.disable("a", "one", "uid-one", Instant.parse("2026-01-01T00:02:00Z")), OutcomeResult.PATCHED);
        metrics.action(Actions.disable("a", "two", "uid-two", Instant.parse("2026-01-01T00:02:00Z")), OutcomeResult.PATCHED);
        metrics.action(Actions.disable("a", "one", "uid-one", Instant.parse("2026-01-01T00:02:00Z")), OutcomeResult.PATCHED);
        metrics.action(Actions.disable("a", "three", "uid-three", Instant.parse("2026-01-01T00:02:00Z")), OutcomeResult.PATCHED);
        String scrape = registry.scrape();
        assertThat(scrape.lines().filter(l -> l.startsWith("spotwise_actuator_workload_actions_total{"))).hasSize(2);
        assertThat(scrape).contains("name=\"one\"").contains("name=\"three\"").doesNotContain("name=\"two\"")
                .contains("spotwise_actuator_actions_total{result=\"PATCHED\",type=\"DISABLE_SPOT\"} 4.0");
    }
}
