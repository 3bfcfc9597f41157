package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.decider.support.Reviews;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The webhook's two latency histograms over real HTTPS / HTTP/2: from a request's headers, and from its last byte. */
class WebhookLatencyIT {

    private static final long HELD_BACK_MS = 300;

    private Vertx vertx;
    private WebhookTls.Material tls;
    private SimpleMeterRegistry meters;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        tls = WebhookTls.selfSigned(List.of("localhost"));
        meters = new SimpleMeterRegistry();
        WebhookServer server = new WebhookServer(vertx, a -> Future.succeededFuture(AdmissionDecision.unchanged(AdmissionDecision.Result.UNMANAGED, "ok")),
                Duration.ofMillis(1500), 64 * 1024, meters);
        port = await(server.start(tls, 0));
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    @DisplayName("a request whose body arrives late counts the wait in the latency, not in the processing")
    void arrivalIsNotProcessing() throws Exception {
        Buffer body = Buffer.buffer(Reviews.podCreate("uid-late-body", "shop", "web"));
        int half = body.length() / 2;
        HttpClient http2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(true).setUseAlpn(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.certificatePem()))));
        HttpClientRequest request = await(http2.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost").setPort(port)
                .setURI(WebhookServer.PATH)));
        request.putHeader("content-type", "application/json").putHeader("content-length", String.valueOf(body.length()));
        Future<Buffer> answer = request.response().compose(HttpClientResponse::body);
        await(request.write(body.slice(0, half)));
        // the declared length is held in flight from the headers on: the server's clock has started by now
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> meters.get("spotwise.decider.webhook.inflight.bytes").gauge().value() > 0);
        long headersSeen = System.nanoTime();
        Promise<Long> restSent = Promise.promise();
        vertx.setTimer(HELD_BACK_MS, id -> {
            long now = System.nanoTime();
            request.end(body.slice(half, body.length()));
            restSent.complete(now);
        });
        long arrival = await(restSent.future()) - headersSeen;

        JsonObject review = new JsonObject(await(answer));
        assertThat(review.getJsonObject("response").getString("uid")).isEqualTo("uid-late-body");
        assertThat(review.getJsonObject("response").getBoolean("allowed")).isTrue();
        Timer latency = meters.get("spotwise.decider.webhook.latency").timer();
        Timer processing = meters.get("spotwise.decider.webhook.processing").timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(processing.count()).isEqualTo(1);
        assertThat(arrival).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(HELD_BACK_MS));
        assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).as("the latency holds the body's late arrival").isGreaterThanOrEqualTo(arrival);
        assertThat(latency.totalTime(TimeUnit.NANOSECONDS) - processing.totalTime(TimeUnit.NANOSECONDS))
                .as("the processing starts at the last byte").isGreaterThanOrEqualTo(arrival);
        await(http2.close());
    }

    @Test
    @DisplayName("a request refused at its headers (too large) is processed from its headers: both histograms count it alike")
    void refusedAtHeaders() throws Exception {
        HttpClient http2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(true).setUseAlpn(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.certificatePem()))));
        HttpClientRequest request = await(http2.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost").setPort(port)
                .setURI(WebhookServer.PATH)));
        request.putHeader("content-type", "application/json").putHeader("content-length", String.valueOf(1024 * 1024));
        Future<HttpClientResponse> response = request.response();
        request.write(Buffer.buffer("{"));
        assertThat(await(response).statusCode()).isEqualTo(413);
        Timer latency = meters.get("spotwise.decider.webhook.latency").timer();
        Timer processing = meters.get("spotwise.decider.webhook.processing").timer();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(processing.count()).isEqualTo(1);
        assertThat(processing.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(latency.totalTime(TimeUnit.NANOSECONDS));
        request.reset();
        await(http2.close());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
