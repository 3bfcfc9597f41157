package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.decider.support.Reviews;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hundreds of admissions in flight on one HTTP/2 connection over TLS, as a busy API server sends them: the webhook
 * answers each from inside the read that brought it (AnswerFlush), and every stream gets its own answer, none left
 * waiting on a channel that turned unwritable.
 */
class WebhookManyStreamsIT {

    private static final int IN_FLIGHT = 500;
    private static final int ROUNDS = 8;
    /** A patch the size of a real spot placement's, so that a read's answers pass the channel's 64 KiB high-water mark. */
    private static final String PATCH = "[{\"op\":\"add\",\"path\":\"/spec/tolerations\",\"value\":[{\"key\":\"spotwise.io/capacity-type\","
            + "\"operator\":\"Equal\",\"value\":\"interruptible\",\"effect\":\"NoSchedule\"}]},{\"op\":\"add\",\"path\":"
            + "\"/metadata/labels/spotwise.io~1spot-assigned\",\"value\":\"true\"},{\"op\":\"add\",\"path\":\"/metadata/annotations\","
            + "\"value\":{\"spotwise.io/decision\":\"spot: Deployment shop/web 3 spot / 2 on-demand, wants 3\"}}]";

    private Vertx vertx;
    private WebhookTls.Material tls;
    private WebhookServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        tls = WebhookTls.selfSigned(List.of("localhost"));
        server = new WebhookServer(vertx, a -> Future.succeededFuture(AdmissionDecision.spot(PATCH, "placed on spot")),
                Duration.ofMillis(1500), 64 * 1024, 64L * 1024 * 1024, new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("500 admissions in flight on one HTTP/2 connection, 8 times over: every stream is answered with its own uid and the patch")
    void everyStreamAnswered() throws Exception {
        // an operator's SPOTWISE_WEBHOOK_HTTP2_MAX_STREAMS above the default: the many streams a connection may then carry
        int port = server.start(tls, 0, WebhookServer.DEFAULT_HTTP2_WINDOW_BYTES, 1000).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        HttpClient http2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(true).setUseAlpn(true)
                .setHttp2MultiplexingLimit(IN_FLIGHT).setHttp2ConnectionWindowSize(16 * 1024 * 1024)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.certificatePem()))),
                new PoolOptions().setHttp2MaxSize(1));
        Set<String> answered = new HashSet<>();
        Set<String> connections = new HashSet<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                String uid = "uid-" + round + "-" + i;
                String body = Reviews.podCreate(uid, "shop", "web");
                answers.add(http2.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost").setPort(port)
                        .setURI(WebhookServer.PATH))
                        .compose(req -> req.putHeader("content-type", "application/json").send(body).compose(r -> {
                            connections.add(String.valueOf(System.identityHashCode(req.connection())));
                            assertThat(r.statusCode()).as("status of %s", uid).isEqualTo(200);
                            return r.body();
                        }))
                        .map(b -> {
                            JsonObject response = new JsonObject(b).getJsonObject("response");
                            assertThat(response.getString("patch")).as("patch of %s", uid).isNotEmpty();
                            return response.getString("uid");
                        }));
            }
            List<String> uids = Future.all(answers).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).list();
            answered.addAll(uids);
        }
        assertThat(answered).hasSize(IN_FLIGHT * ROUNDS);
        assertThat(connections).as("one HTTP/2 connection carried every stream").hasSize(1);
        http2.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
