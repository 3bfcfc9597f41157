package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.decider.support.Reviews;
import io.spotwise.decider.support.WebhookClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The webhook's start-up self-check over real HTTPS (HTTP/2, TLS): it warms the webhook before the decider reports
 * ready, decides nothing, and leaves the meters operators read untouched.
 */
class WebhookSelfCheckIT {

    private Vertx vertx;
    private WebhookTls.Material tls;
    private SimpleMeterRegistry meters;
    private final AtomicInteger decided = new AtomicInteger();
    private WebhookServer server;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        tls = WebhookTls.selfSigned(List.of("localhost"));
        meters = new SimpleMeterRegistry();
        server = new WebhookServer(vertx, a -> {
            decided.incrementAndGet();
            return Future.succeededFuture(AdmissionDecision.unchanged(AdmissionDecision.Result.ON_DEMAND, "on-demand"));
        }, Duration.ofMillis(1500), 64 * 1024, meters);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("32 dry runs answered over HTTP/2 + TLS to itself: warm afterwards, nothing decided, nothing counted")
    void warmsWithoutDecidingOrCounting() throws Exception {
        int port = get(server.start(tls, 0));
        assertThat(server.warm()).as("not warm before the self-check").isFalse();
        get(server.selfCheck(port, 32, Duration.ofSeconds(30)));
        assertThat(server.warm()).isTrue();
        assertThat(decided).hasValue(0);
        assertThat(meters.find("spotwise.decider.webhook.latency").timer().count()).as("self-check not in the latency").isZero();
        assertThat(meters.find("spotwise.decider.webhook.decisions").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
        // the API server's admissions afterwards are decided and counted as ever
        WebhookClient client = new WebhookClient(tls.certificatePem(), port);
        assertThat(client.post(Reviews.podCreate("uid-1", "shop", "web")).allowed()).isTrue();
        assertThat(decided).hasValue(1);
        assertThat(meters.find("spotwise.decider.webhook.latency").timer().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("a self-check that cannot reach the webhook completes, logged, and does not keep the replica out of service")
    void failedSelfCheckStillCompletes() throws Exception {
        get(server.start(tls, 0));
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        get(server.selfCheck(closed, 4, Duration.ofSeconds(5)));
        assertThat(server.warm()).isTrue();
        assertThat(decided).hasValue(0);
    }

    private static <T> T get(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
