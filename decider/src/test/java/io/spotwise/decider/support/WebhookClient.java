package io.spotwise.decider.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An HTTPS client of the webhook that trusts only the webhook's certificate, as the API server does via caBundle. */
public final class WebhookClient {

    /** Exact numbers: a big integer or decimal must come back as it went in. */
    public static final ObjectMapper EXACT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();

    private final HttpClient http;
    private final URI uri;

    public WebhookClient(String certificatePem, int port) {
        try {
            Certificate cert = CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("webhook", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            this.http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(30)).build();
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust the webhook certificate", e);
        }
        this.uri = URI.create("https://localhost:" + port + "/mutate");
    }

    public HttpClient http() {
        return http;
    }

    public URI uri() {
        return uri;
    }

    /** Posts the body; returns status and parsed AdmissionReview answer. */
    public Answer post(String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), EXACT.readTree(r.body()));
        } catch (Exception e) {
            throw new IllegalStateException("webhook call failed", e);
        }
    }

    /**
     * Posts over the given HTTP version; {@code declareLength=false} sends the body without a content-length (HTTP/1.1
     * chunked, HTTP/2 DATA frames only), so the server learns the size only while reading.
     */
    public Answer post(String body, HttpClient.Version version, boolean declareLength) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher publisher = declareLength ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).version(version).timeout(Duration.ofSeconds(30))
                    .header("content-type", "application/json").POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
            if (r.version() != version) {
                throw new IllegalStateException("asked for " + version + " but the exchange used " + r.version());
            }
            return new Answer(r.statusCode(), EXACT.readTree(r.body()));
        } catch (Exception e) {
            throw new IllegalStateException("webhook call over " + version + " failed: " + e, e);
        }
    }

    /** One answer of the webhook. */
    public record Answer(int status, JsonNode review) {

        public JsonNode response() {
            return review.path("response");
        }

        public boolean allowed() {
            return response().path("allowed").asBoolean(false);
        }

        /** The decoded JSON Patch, or null when none. */
        public JsonNode patch() {
            JsonNode p = response().get("patch");
            if (p == null) {
                return null;
            }
            try {
                return EXACT.readTree(Base64.getDecoder().decode(p.asText()));
            } catch (Exception e) {
                throw new IllegalStateException("patch is not base64 JSON", e);
            }
        }

        public String message() {
            return response().path("status").path("message").asText("");
        }
    }
}
