package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.decider.support.Reviews;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook's certificate is rotated on disk the way the kubelet updates a mounted Secret (new files in a fresh
 * directory, then the {@code ..data} symlink swapped atomically) while clients keep calling it.
 */
class CertificateRotationIT {

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WebhookTls.Material first = WebhookTls.selfSigned(List.of("localhost"));
    private final WebhookTls.Material second = WebhookTls.selfSigned(List.of("localhost"));
    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("rotated under load: new handshakes get the new certificate, no request fails, a mismatched pair is never served, no restart")
    void rotateUnderLoad() throws Exception {
        mount("..v1", first);
        WebhookServer server = new WebhookServer(vertx, a -> Future.succeededFuture(AdmissionDecision.unchanged(AdmissionDecision.Result.UNMANAGED, "ok")),
                Duration.ofSeconds(5), 64 * 1024, registry);
        int port = server.start(WebhookTls.fromFiles(dir.resolve("tls.crt"), dir.resolve("tls.key")), 0)
                .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        server.followCertificateFiles(dir.resolve("tls.crt"), dir.resolve("tls.key"), first, Duration.ofMillis(100));
        SSLContext trustBoth = trusting(first, second);
        assertThat(servedCertificate(trustBoth, port)).isEqualTo(certificate(first));

        Load load = new Load(trustBoth, port);
        load.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.answered.get() >= 20);

        // half-way through a renewal: the new certificate next to the old key must not be served
        mount("..v2-half", new WebhookTls.Material(second.certificatePem(), first.privateKeyPem()));
        await().atMost(Duration.ofSeconds(30)).until(() -> reloads("refused") >= 1);
        assertThat(servedCertificate(trustBoth, port)).isEqualTo(certificate(first));

        mount("..v2", second);
        await().atMost(Duration.ofSeconds(30)).until(() -> servedCertificate(trustBoth, port).equals(certificate(second)));
        int atRotation = load.answered.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> load.answered.get() >= atRotation + 20);
        load.stop();

        assertThat(load.failures).isEmpty();
        assertThat(reloads("applied")).isEqualTo(1);
        HttpResponse<String> h2 = HttpClient.newBuilder().sslContext(trustBoth).version(HttpClient.Version.HTTP_2).build()
                .send(post(port), HttpResponse.BodyHandlers.ofString());
        assertThat(h2.version()).as("HTTP/2 is still negotiated after the reload").isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(h2.statusCode()).isEqualTo(200);
    }

    /** Clients calling all the time: one long-lived connection, and fresh connections (new handshakes) every request. */
    private final class Load {
        final AtomicInteger answered = new AtomicInteger();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();
        final SSLContext ssl;
        final int port;

        Load(SSLContext ssl, int port) {
            this.ssl = ssl;
            this.port = port;
        }

        void start() {
            HttpClient shared = HttpClient.newBuilder().sslContext(ssl).build();
            threads.add(new Thread(() -> loop(() -> shared), "load-shared"));
            threads.add(new Thread(() -> loop(() -> HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1).build()), "load-fresh"));
            threads.forEach(Thread::start);
        }

        void loop(java.util.function.Supplier<HttpClient> clients) {
            while (running.get()) {
                try {
                    HttpResponse<String> r = clients.get().send(post(port), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !r.body().contains("\"allowed\":true")) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                    answered.incrementAndGet();
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(30_000);
            }
        }
    }

    private static HttpRequest post(int port) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/mutate")).timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Reviews.podCreate("uid-rotation", "shop", "web"))).build();
    }

    /** Writes the pair into a fresh directory and swaps {@code ..data} to it, as the kubelet's atomic writer does. */
    private void mount(String version, WebhookTls.Material material) throws Exception {
        Path target = Files.createDirectory(dir.resolve(version));
        Files.writeString(target.resolve("tls.crt"), material.certificatePem());
        Files.writeString(target.resolve("tls.key"), material.privateKeyPem());
        Path tmp = dir.resolve("..data_tmp");
        Files.createSymbolicLink(tmp, Path.of(version));
        Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String f : List.of("tls.crt", "tls.key")) {
            if (!Files.exists(dir.resolve(f), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(dir.resolve(f), Path.of("..data", f));
            }
        }
    }

    private double reloads(String result) {
        return registry.counter("spotwise.decider.webhook.certificate.reloads", "result", result).count();
    }

    /** The certificate a brand-new TLS handshake gets. */
    private static Certificate servedCertificate(SSLContext ssl, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("localhost", port)) {
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    private static Certificate certificate(WebhookTls.Material material) throws Exception {
        return CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(material.certificatePem().getBytes(StandardCharsets.US_ASCII)));
    }

    private static SSLContext trusting(WebhookTls.Material... materials) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (int i = 0; i < materials.length; i++) {
            Certificate c = cf.generateCertificate(new ByteArrayInputStream(materials[i].certificatePem().getBytes(StandardCharsets.US_ASCII)));
            trust.setCertificateEntry("webhook-" + i, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
