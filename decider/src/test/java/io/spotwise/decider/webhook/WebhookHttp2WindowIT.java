package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.decider.support.Reviews;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP/2 flow-control window the webhook grants (SPOTWISE_WEBHOOK_HTTP2_WINDOW_BYTES), as a real HTTP/2 client
 * over TLS sees it in the server's SETTINGS, and requests answered through it.
 */
class WebhookHttp2WindowIT {

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
}
