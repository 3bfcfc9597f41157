package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.decider.support.Reviews;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP/2 settings the webhook advertises, as a real HTTP/2 client over TLS sees them in the server's SETTINGS: the
 * flow-control window (SPOTWISE_WEBHOOK_HTTP2_WINDOW_BYTES) and the streams per connection
 * (SPOTWISE_WEBHOOK_HTTP2_MAX_STREAMS), and requests answered through them.
 */
class WebhookHttp2SettingsIT {

    private Vertx vertx;
    private WebhookTls.Material tls;
    private WebhookServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        tls = WebhookTls.selfSigned(List.of("localhost"));
        server = new WebhookServer(vertx, a -> Future.succeededFuture(AdmissionDecision.unchanged(AdmissionDecision.Result.UNMANAGED, "ok")),
                Duration.ofMillis(1500), 64 * 1024, new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "window {0} bytes")
    @ValueSource(ints = {65_535, WebhookServer.DEFAULT_HTTP2_WINDOW_BYTES, 16 * 1024 * 1024})
    @DisplayName("an HTTP/2 client is granted the configured window per stream and is answered")
    void clientSeesTheWindow(int window) throws Exception {
        int port = server.start(tls, 0, window).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        HttpClient http2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(true).setUseAlpn(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.certificatePem()))));
        Http2Settings[] granted = new Http2Settings[1];
        Buffer answer = http2.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost").setPort(port).setURI(WebhookServer.PATH))
                .compose(req -> req.putHeader("content-type", "application/json").send(Reviews.podCreate("uid-1", "shop", "web"))
                        .compose(r -> {
                            granted[0] = req.connection().remoteSettings(); // the server's SETTINGS precede its answer
                            return r.body();
                        }))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(granted[0].getInitialWindowSize()).isEqualTo(window);
        assertThat(new JsonObject(answer).getJsonObject("response").getString("uid")).isEqualTo("uid-1");
        http2.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "at most {0} streams per connection")
    @ValueSource(ints = {8, WebhookServer.DEFAULT_HTTP2_MAX_STREAMS})
    @DisplayName("100 admissions held in flight at once go over as many connections as the streams limit asks for, and each is answered")
    void streamsSpreadOverConnections(int maxStreams) throws Exception {
        List<Promise<AdmissionDecision>> held = new CopyOnWriteArrayList<>();
        WebhookServer holding = new WebhookServer(vertx, a -> {
            Promise<AdmissionDecision> p = Promise.promise();
            held.add(p);
            return p.future();
        }, Duration.ofSeconds(60), 64 * 1024, new SimpleMeterRegistry());
        int port = holding.start(tls, 0, WebhookServer.DEFAULT_HTTP2_WINDOW_BYTES, maxStreams).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        // a client that opens another connection when one is full, as Go's HTTP/2 client (the API server's) does
        HttpClient http2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(true).setUseAlpn(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.certificatePem()))), new PoolOptions().setHttp2MaxSize(100));
        Set<HttpConnection> connections = ConcurrentHashMap.newKeySet();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String uid = "uid-" + i;
            answers.add(http2.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost").setPort(port).setURI(WebhookServer.PATH))
                    .compose(req -> {
                        connections.add(req.connection());
                        return req.putHeader("content-type", "application/json").send(Reviews.podCreate(uid, "shop", "web"));
                    })
                    .compose(r -> r.body()).map(body -> new JsonObject(body).getJsonObject("response").getString("uid")));
        }
        // all 100 are open at once, which no single connection allows
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> held.size() == 100);
        assertThat(connections).hasSizeGreaterThanOrEqualTo((100 + maxStreams - 1) / maxStreams);
        assertThat(connections).allSatisfy(c -> assertThat(c.remoteSettings().getMaxConcurrentStreams()).isEqualTo(maxStreams));
        held.forEach(p -> p.complete(AdmissionDecision.unchanged(AdmissionDecision.Result.UNMANAGED, "ok")));
        List<String> uids = Future.all(answers).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).list();
        assertThat(uids).hasSize(100).doesNotHaveDuplicates().allMatch(u -> u.startsWith("uid-"));
        http2.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
