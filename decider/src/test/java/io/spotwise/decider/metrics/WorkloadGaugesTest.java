package io.spotwise.decider.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.decider.policy.state.WorkloadSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WorkloadGaugesTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    @DisplayName("10,000 workloads with a limit of 3: per-workload series for the 3 most deviating only, cluster sums over all")
    void perWorkloadSeriesAreBounded() {
        WorkloadGauges gauges = new WorkloadGauges(registry, 3);
        List<WorkloadSummary> summaries = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            summaries.add(new WorkloadSummary(WorkloadRef.deployment("ns", "w" + i), 2, 2, 0, 0, false));
        }
        summaries.set(17, new WorkloadSummary(WorkloadRef.deployment("ns", "fallback"), 0, 4, 0, 0, true));
        summaries.set(42, new WorkloadSummary(WorkloadRef.deployment("ns", "too-much-spot"), 4, 0, 2, 0, false));
        summaries.set(99, new WorkloadSummary(WorkloadRef.deployment("ns", "too-much-od"), 1, 3, 0, 1, false));
        gauges.update(summaries);

        String scrape = registry.scrape();
        assertThat(scrape.lines().filter(l -> l.startsWith("spotwise_decider_workload_pods{"))).hasSize(3 * 2);
        assertThat(scrape.lines().filter(l -> l.startsWith("spotwise_decider_workload_target_spot_pods{"))).hasSize(3);
        assertThat(gauges.exported()).extracting(WorkloadRef::name).containsExactlyInAnyOrder("fallback", "too-much-spot", "too-much-od");
        assertThat(scrape)
                .contains("spotwise_decider_workload_target_spot_pods{kind=\"Deployment\",name=\"too-much-spot\",namespace=\"ns\"} 2.0")
                .contains("spotwise_decider_workload_target_spot_pods{kind=\"Deployment\",name=\"too-much-od\",namespace=\"ns\"} 2.0")
                .contains("spotwise_decider_pods{capacity_type=\"spot\"} 19999.0")
                .contains("spotwise_decider_workloads_in_state{state=\"fallback\"} 1.0")
                .contains("spotwise_decider_workloads_in_state{state=\"excess-spot\"} 1.0")
                .contains("spotwise_decider_workloads_in_state{state=\"excess-on-demand\"} 1.0")
                .contains("spotwise_decider_workloads_in_state{state=\"at-target\"} 9997.0");
    }

    @Test
    @DisplayName("limit 0: no per-workload series at all, the cluster-wide ones still there")
    void limitZero() {
        WorkloadGauges gauges = new WorkloadGauges(registry, 0);
        gauges.update(List.of(new WorkloadSummary(WorkloadRef.deployment("ns", "web"), 3, 1, 0, 0, false)));
        assertThat(registry.scrape()).doesNotContain("spotwise_decider_workload_pods{")
                .contains("spotwise_decider_target_spot_pods 3.0");
    }

    @Test
    @DisplayName("the webhook latency histogram resolves 100 µs: 150 µs and 250 µs land in different buckets below 1 ms")
    void webhookLatencyBuckets() {
        new DeciderMetrics(registry);
        WebhookMeters.latency(registry).record(java.time.Duration.ofNanos(150_000));
        WebhookMeters.latency(registry).record(java.time.Duration.ofNanos(250_000));
        assertThat(registry.scrape())
                .contains("spotwise_decider_webhook_latency_seconds_bucket{le=\"1.0E-4\"} 0")
                .contains("spotwise_decider_webhook_latency_seconds_bucket{le=\"2.0E-4\"} 1")
                .contains("spotwise_decider_webhook_latency_seconds_bucket{le=\"3.0E-4\"} 2");
    }
}
