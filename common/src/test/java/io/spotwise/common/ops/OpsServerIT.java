package io.spotwise.common.ops;

import static io.spotwise.common.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpsServerIT {

    @Test
    @DisplayName("/readyz and /healthz answer 503 naming each failing check, 200 once they pass; /metrics is Prometheus text with each check as a gauge")
    void probesAndMetrics() throws Exception {
        Vertx vertx = Vertx.vertx();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("spotwise_test_things").increment(3);
        AtomicBoolean caughtUp = new AtomicBoolean(false);
        AtomicBoolean loopRunning = new AtomicBoolean(false);
        OpsServer ops = new OpsServer(vertx, registry, Map.of("state caught up", caughtUp::get), Map.of("consumer loop running", loopRunning::get));
        int port = await(ops.start(0));
        HttpClient http = HttpClient.newHttpClient();
        try {
            assertThat(get(http, port, "/readyz")).isEqualTo("503 not ready: state caught up\n");
            assertThat(get(http, port, "/healthz")).isEqualTo("503 not alive: consumer loop running\n");
            assertThat(get(http, port, "/metrics"))
                    .contains("spotwise_readiness_check_passing{check=\"state caught up\"} 0.0")
                    .contains("spotwise_liveness_check_passing{check=\"consumer loop running\"} 0.0");
            caughtUp.set(true);
            loopRunning.set(true);
            assertThat(get(http, port, "/readyz")).isEqualTo("200 ready\n");
            assertThat(get(http, port, "/healthz")).isEqualTo("200 ok\n");
            assertThat(get(http, port, "/metrics")).startsWith("200").contains("spotwise_test_things_total 3.0")
                    .contains("spotwise_readiness_check_passing{check=\"state caught up\"} 1.0")
                    .contains("spotwise_liveness_check_passing{check=\"consumer loop running\"} 1.0");
            assertThat(get(http, port, "/nope")).startsWith("404");
        } finally {
            await(ops.stop());
            await(vertx.close());
        }
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }
}
