package io.spotwise.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WatcherMetricsTest {

    @Test
    @DisplayName("send failures and informer errors exist at 0 for every topic and kind before the first one, so rate() sees them")
    void failureCountersExistFromTheStart() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new WatcherMetrics(registry);
        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("spotwise_watcher_send_failures_total{topic=\"spotwise.pods\"} 0.0")
                .contains("spotwise_watcher_send_failures_total{topic=\"spotwise.workloads\"} 0.0");
        for (String kind : WatcherMetrics.KINDS) {
            assertThat(scrape).contains("spotwise_watcher_informer_errors_total{kind=\"" + kind + "\"} 0.0");
        }
        assertThat(scrape.lines().filter(l -> l.startsWith("# HELP ")))
                .allSatisfy(help -> assertThat(help.split(" ", 4)).hasSize(4));
    }
}
