package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.decider.support.Reviews;
import io.spotwise.decider.support.WebhookClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Over-limit requests over real HTTPS, HTTP/1.1 and HTTP/2, with and without a declared length. */
class WebhookLimitsIT {

    private static final int MAX_BODY = 64 * 1024;
    private static Vertx vertx;
    private static WebhookClient client;
    private static WebhookTls.Material tls;
    private static int port;
    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        tls = WebhookTls.selfSigned(List.of("localhost"));
        WebhookServer server = new WebhookServer(vertx, a -> Future.succeededFuture(AdmissionDecision.unchanged(AdmissionDecision.Result.UNMANAGED, "ok")),
                Duration.ofMillis(1500), MAX_BODY, registry);
        port = await(server.start(tls, 0));
        client = new WebhookClient(tls.certificatePem(), port);
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    @ParameterizedTest(name = "{0}, length declared: {1} → 413 with an allowed AdmissionReview")
    @CsvSource({"HTTP_1_1, true", "HTTP_1_1, false", "HTTP_2, true", "HTTP_2, false"})
    @DisplayName("a body above the size limit is answered 413 with an allowed AdmissionReview over both HTTP versions")
    void tooLarge(java.net.http.HttpClient.Version version, boolean declareLength) {
        double before = registry.counter("spotwise.decider.webhook.decisions", "result", "too-large").count();
        String huge = Reviews.podCreate("uid-huge", "shop", "web").replace("\"status\": {}", "\"status\": {\"pad\": \"" + "x".repeat(200_000) + "\"}");

        WebhookClient.Answer answer = client.post(huge, version, declareLength);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.allowed()).isTrue();
        assertThat(answer.patch()).isNull();
        assertThat(answer.message()).contains("larger than " + MAX_BODY);
        assertThat(registry.counter("spotwise.decider.webhook.decisions", "result", "too-large").count()).isEqualTo(before + 1);
        // the connection (HTTP/2) or a new one (HTTP/1.1) still serves the next request
        assertThat(client.post(Reviews.podCreate("uid-after", "shop", "web"), version, declareLength).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "Netty HTTP/2 client (strict header validation, like Go's), length declared: {0}")
    @CsvSource({"true", "false"})
    @DisplayName("a strict HTTP/2 client gets the 413 and the allowed AdmissionReview, not a stream reset")
    void tooLargeStrictHttp2(boolean declareLength) throws Exception {
        String huge = Reviews.podCreate("uid-huge", "shop", "web").replace("\"status\": {}", "\"status\": {\"pad\": \"" + "x".repeat(200_000) + "\"}");
        HttpClient http2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setSsl(true).setUseAlpn(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(tls.certificatePem()))));
        try {
            Buffer body = Buffer.buffer(huge);
            HttpClientResponse[] response = new HttpClientResponse[1];
            Buffer answer = await(http2.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("localhost")
                    .setPort(port).setURI("/mutate")).compose(req -> {
                        req.putHeader("content-type", "application/json");
                        // the answer may come before the request is fully sent: read it as soon as it starts
                        Future<Buffer> read = req.response().compose(r -> {
                            response[0] = r;
                            return r.body();
                        });
                        if (declareLength) {
                            req.end(body);
                        } else {
                            req.setChunked(true);
                            req.write(body.slice(0, 100_000));
                            req.end(body.slice(100_000, body.length()));
                        }
                        return read;
                    }));
            assertThat(response[0].version()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(response[0].statusCode()).isEqualTo(413);
            assertThat(new JsonObject(answer).getJsonObject("response").getBoolean("allowed")).isTrue();
        } finally {
            await(http2.close());
        }
    }

    @Test
    @DisplayName("bytes in flight are bounded: over the budget a request is answered 429, allowed and unchanged, and counted; the budget frees up")
    void bytesInFlightBounded() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<Promise<AdmissionDecision>> held = new CopyOnWriteArrayList<>();
        WebhookServer server = new WebhookServer(vertx, a -> {
            Promise<AdmissionDecision> p = Promise.promise();
            held.add(p);
            return p.future();
        }, Duration.ofSeconds(60), MAX_BODY, 4L * 50_000, meters);
        WebhookClient busy = new WebhookClient(tls.certificatePem(), await(server.start(tls, 0)));
        String review = Reviews.podCreate("uid-held", "shop", "web").replace("\"status\": {}", "\"status\": {\"pad\": \"" + "x".repeat(45_000) + "\"}");
        List<CompletableFuture<WebhookClient.Answer>> first = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            first.add(CompletableFuture.supplyAsync(() -> busy.post(review, java.net.http.HttpClient.Version.HTTP_2, true)));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> held.size() == 4);
        assertThat(meters.get("spotwise.decider.webhook.inflight.bytes").gauge().value()).isGreaterThan(4 * 45_000);

        WebhookClient.Answer over = busy.post(review, java.net.http.HttpClient.Version.HTTP_2, true);

        assertThat(over.status()).isEqualTo(429);
        assertThat(over.allowed()).isTrue();
        assertThat(over.patch()).isNull();
        assertThat(over.message()).contains("request bytes in flight");
        assertThat(meters.counter("spotwise.decider.webhook.decisions", "result", "overloaded").count()).isEqualTo(1);
        held.forEach(p -> vertx.runOnContext(v -> p.complete(AdmissionDecision.unchanged(AdmissionDecision.Result.UNMANAGED, "done"))));
        for (CompletableFuture<WebhookClient.Answer> f : first) {
            assertThat(f.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("spotwise.decider.webhook.inflight.bytes").gauge().value() == 0);
        CompletableFuture<WebhookClient.Answer> again = CompletableFuture.supplyAsync(() -> busy.post(review, java.net.http.HttpClient.Version.HTTP_2, true));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> held.size() == 5);
        vertx.runOnContext(v -> held.get(4).complete(AdmissionDecision.unchanged(AdmissionDecision.Result.UNMANAGED, "done")));
        assertThat(again.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
        await(server.stop());
    }

    @Test
    @DisplayName("TLS 1.0 and 1.1 handshakes are refused; TLS 1.2 and 1.3 are served")
    void tlsVersions() throws Exception {
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) {}
            public void checkServerTrusted(X509Certificate[] c, String a) {}
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        for (String version : List.of("TLSv1.2", "TLSv1.3")) {
            try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("localhost", port)) {
                socket.setEnabledProtocols(new String[] {version});
                socket.startHandshake();
                assertThat(socket.getSession().getProtocol()).isEqualTo(version);
            }
        }
        assertThat(WebhookServer.TLS_VERSIONS).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("localhost", port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.1"});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(javax.net.ssl.SSLException.class);
        }
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
