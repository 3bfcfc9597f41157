package io.spotwise.decider.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the webhook's certificate and key files (a mounted Secret: cert-manager renews it, the kubelet swaps the
 * files) and hands a new, consistent pair to the server, whose next TLS handshakes use it; connections already open
 * keep theirs. A pair that does not match (the certificate renewed, the key not yet), cannot be read or is expired is
 * never applied: the current one keeps serving, and the next poll tries again.
 */
final class CertificateReloader {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final Vertx vertx;
    private final Path certFile;
    private final Path keyFile;
    private final Duration period;
    private final Function<WebhookTls.Material, Future<Boolean>> apply;
    private final Counter reloaded;
    private final Counter refused;
    private final AtomicLong notAfter = new AtomicLong();
    private WebhookTls.Material current;
    private String lastRefusal;
    private long timer = -1;
    private volatile boolean polling;

    CertificateReloader(Vertx vertx, Path certFile, Path keyFile, Duration period, Function<WebhookTls.Material, Future<Boolean>> apply,
                        MeterRegistry registry) {
        this.vertx = vertx;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.period = period;
        this.apply = apply;
        this.reloaded = Counter.builder("spotwise.decider.webhook.certificate.reloads").tag("result", "applied")
                .description("webhook certificate changes seen on disk, by whether they were applied").register(registry);
        this.refused = Counter.builder("spotwise.decider.webhook.certificate.reloads").tag("result", "refused")
                .description("webhook certificate changes seen on disk, by whether they were applied").register(registry);
        Gauge.builder("spotwise.decider.webhook.certificate.expiry", notAfter, AtomicLong::get)
                .description("notAfter of the serving webhook certificate, seconds since the epoch").baseUnit("seconds").register(registry);
    }

    void start(WebhookTls.Material serving) {
        current = serving;
        notAfter.set(WebhookTls.check(serving).getEpochSecond());
        timer = vertx.setPeriodic(period.toMillis(), id -> poll());
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void poll() {
        if (polling) {
            return; // the previous poll (its read or its TLS update) is still running
        }
        polling = true;
        vertx.executeBlocking(() -> WebhookTls.fromFiles(certFile, keyFile), false)
                .compose(this::applyIfChanged)
                .onComplete(ar -> {
                    polling = false;
                    if (ar.failed()) {
                        refuse(ar.cause().getMessage());
                    }
                });
    }

    private Future<Void> applyIfChanged(WebhookTls.Material read) {
        if (read.equals(current)) {
            return Future.succeededFuture();
        }
        Instant expiry = WebhookTls.check(read);
        return apply.apply(read).map(v -> {
            current = read;
            lastRefusal = null;
            notAfter.set(expiry.getEpochSecond());
            reloaded.increment();
            LOG.info("Webhook certificate reloaded from {} (valid until {}); new TLS handshakes use it", certFile, expiry);
            return null;
        });
    }

    /** Logs a refusal once per distinct reason (the poll repeats it until the files change). */
    private void refuse(String reason) {
        if (!reason.equals(lastRefusal)) {
            lastRefusal = reason;
            refused.increment();
            LOG.warn("Webhook certificate on disk not applied, still serving the current one: {}", reason);
        }
    }
}
