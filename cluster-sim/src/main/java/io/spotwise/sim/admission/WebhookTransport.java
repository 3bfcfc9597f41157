package io.spotwise.sim.admission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * HTTP clients for webhook calls, one per trust setting: a CA bundle, or (dev only) no verification. Connection
 * setup gets its own generous timeout because a JVM's first TLS handshake can take seconds on a loaded machine;
 * the webhook's {@code timeoutSeconds} bounds the request itself.
 */
final class WebhookTransport {

    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<URI, FirstCall> firstCalls = new ConcurrentHashMap<>();

    /**
     * Sends one webhook request. Until a webhook has answered once, its calls go one at a time: concurrent pod
     * creates would otherwise open a connection (and a TLS handshake) each at once, which on a loaded machine with a
     * cold webhook made every one of them time out; afterwards they share the connection(s) concurrently, until a
     * call fails to connect or times out (a restarted webhook, for instance).
     */
    HttpResponse<String> send(WebhookTarget target, HttpRequest request) throws IOException, InterruptedException {
        FirstCall first = firstCalls.computeIfAbsent(target.url(), u -> new FirstCall());
        if (first.answered) {
            try {
                return clientFor(target).send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                first.answered = false; // e.g. the webhook restarted: reconnect one call at a time again
                throw e;
            }
        }
        first.gate.acquire();
        try {
            HttpResponse<String> response = clientFor(target).send(request, HttpResponse.BodyHandlers.ofString());
            first.answered = true;
            return response;
        } finally {
            first.gate.release();
        }
    }

    private static final class FirstCall {
        final Semaphore gate = new Semaphore(1);
        volatile boolean answered;
    }

    HttpClient clientFor(WebhookTarget target) {
        String key = target.insecure() ? "insecure" : String.valueOf(target.caBundlePem());
        return clients.computeIfAbsent(key, k -> HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .sslContext(sslContext(target))
                .build());
    }

    private static SSLContext sslContext(WebhookTarget target) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (target.insecure()) {
                ctx.init(null, new TrustManager[] {new TrustEverything()}, null);
            } else if (target.caBundlePem() != null) {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                CertificateFactory cf = CertificateFactory.getInstance("X.509");
                int i = 0;
                for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(
                        target.caBundlePem().getBytes(StandardCharsets.UTF_8)))) {
                    ks.setCertificateEntry("ca-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                ctx.init(null, tmf.getTrustManagers(), null);
            } else {
                return SSLContext.getDefault();
            }
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("webhook " + target.name() + ": unusable caBundle: " + e.getMessage(), e);
        }
    }

    /** Development only ({@code insecure}): accepts any certificate and host name. */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
