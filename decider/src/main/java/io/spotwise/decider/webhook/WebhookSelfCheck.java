package io.spotwise.decider.webhook;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's start-up self-check: dry-run pod reviews sent to itself over loopback, HTTP/2 and TLS, a few at a
 * time, each answered with its own uid. Dry runs decide and record nothing. Completes successfully either way; a
 * failure is logged, never a reason to keep the replica out of service.
 */
final class WebhookSelfCheck {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSelfCheck.class);
    private static final int AT_ONCE = 8;

    private final Vertx vertx;
    private final String path;
    private final String uidPrefix;
    private final String certificatePem;

    /** @param certificatePem the certificate the webhook serves: the one the self-check trusts */
    WebhookSelfCheck(Vertx vertx, String path, String uidPrefix, String certificatePem) {
        this.vertx = vertx;
        this.path = path;
        this.uidPrefix = uidPrefix;
        this.certificatePem = certificatePem;
    }

    Future<Void> run(int port, int requests, Duration timeout) {
        // trusts exactly the served certificate; its names are the Service's, not 127.0.0.1, so the host is not verified
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true)
                .setSsl(true).setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(certificatePem))).setVerifyHost(false)
                .setConnectTimeout((int) timeout.toMillis()));
        long started = System.nanoTime();
        Future<Void> all = Future.succeededFuture();
        for (int batch = 0; batch < requests; batch += AT_ONCE) {
            int from = batch;
            int to = Math.min(requests, batch + AT_ONCE);
            all = all.compose(v -> Future.all(IntStream.range(from, to).mapToObj(i -> one(client, port, timeout)).toList()).mapEmpty());
        }
        return all.andThen(ar -> {
            client.close();
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (ar.succeeded()) {
                LOG.info("Webhook self-check: {} dry-run admissions over HTTP/2 and TLS answered in {} ms; ready to serve", requests, millis);
            } else {
                LOG.warn("Webhook self-check failed after {} ms; serving anyway: {}", millis, ar.cause().toString());
            }
        }).otherwiseEmpty();
    }

    private Future<Void> one(HttpClient client, int port, Duration timeout) {
        String uid = uidPrefix + UUID.randomUUID();
        Buffer review = Buffer.buffer("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"" + uid
                + "\",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},\"operation\":\"CREATE\",\"dryRun\":true,"
                + "\"namespace\":\"spotwise-self-check\",\"object\":{\"metadata\":{\"generateName\":\"self-check-\"},\"spec\":{}}}}");
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port).setURI(path)
                .setTimeout(timeout.toMillis()).putHeader("content-type", "application/json"))
                .compose(req -> req.send(review))
                .compose(res -> res.statusCode() == 200 ? res.body() : Future.failedFuture("HTTP " + res.statusCode()))
                .compose(body -> body.toString().contains(uid) ? Future.<Void>succeededFuture()
                        : Future.failedFuture("answer without the review's uid: " + body));
    }
}
