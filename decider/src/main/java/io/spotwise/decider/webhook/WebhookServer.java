package io.spotwise.decider.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spotwise.decider.metrics.WebhookMeters;
import io.spotwise.decider.webhook.AdmissionDecision.Result;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mutating admission webhook: HTTPS {@code POST /mutate}. Every answer is "allowed"; a spot placement carries a
 * JSON Patch. It fails open on anything unexpected: a body too large or not an AdmissionReview, an error, or no
 * decision within the timeout (the state context is busy) is answered "allowed, unchanged" with a message.
 */
public final class WebhookServer {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    public static final String PATH = "/mutate";

    private final Vertx vertx;
    private final AdmissionDecider decider;
    private final Duration timeout;
    private final int maxBodyBytes;
    private final Timer latency;
    private final Map<Result, Counter> decisions = new EnumMap<>(Result.class);
    private HttpServer server;

    public WebhookServer(Vertx vertx, AdmissionDecider decider, Duration timeout, int maxBodyBytes, MeterRegistry registry) {
        this.vertx = vertx;
        this.decider = decider;
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.latency = WebhookMeters.latency(registry);
        for (Result r : Result.values()) {
            decisions.put(r, WebhookMeters.decisions(registry, r));
        }
    }

    /** Starts listening; completes with the bound port. */
    public Future<Integer> start(WebhookTls.Material tls, int port) {
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setUseAlpn(true) // the API server talks HTTP/2 to webhooks when offered: one connection, many requests
                .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(1000))
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(tls.certificatePem()))
                        .setKeyValue(Buffer.buffer(tls.privateKeyPem())))
                .setIdleTimeout(60)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        server = vertx.createHttpServer(options);
        return server.requestHandler(this::handle).listen(port, "0.0.0.0").map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        long start = System.nanoTime();
        if (req.method() != HttpMethod.POST || !PATH.equals(req.path())) {
            req.response().setStatusCode(404).end("not found: " + req.method() + " " + req.path() + "\n");
            return;
        }
        String length = req.getHeader("content-length");
        if (length != null && parseLong(length) > maxBodyBytes) {
            tooLarge(req, start);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] rejected = {false};
        req.handler(chunk -> {
            if (rejected[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                rejected[0] = true;
                tooLarge(req, start);
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (!rejected[0]) {
                decide(req, body, start);
            }
        });
        req.exceptionHandler(e -> LOG.debug("Admission request failed while reading: {}", e.toString()));
    }

    private void decide(HttpServerRequest req, Buffer body, long start) {
        AdmissionReviews.Parsed parsed;
        try {
            parsed = AdmissionReviews.parse(body.getBytes());
        } catch (RuntimeException e) {
            LOG.warn("Admission request could not be read, admitted unchanged", e);
            answer(req, "", AdmissionDecision.unchanged(Result.ERROR, "could not read the request: " + e), start);
            return;
        }
        if (parsed instanceof AdmissionReviews.Skip skip) {
            answer(req, skip.uid(), skip.decision(), start);
            return;
        }
        PodAdmission admission = ((AdmissionReviews.Admit) parsed).admission();
        Context context = vertx.getOrCreateContext();
        boolean[] answered = {false};
        long timer = vertx.setTimer(timeout.toMillis(), id -> {
            if (!answered[0]) {
                answered[0] = true;
                LOG.warn("No placement for pod {}/{} within {} ms, admitted unchanged", admission.namespace(), admission.podName(), timeout.toMillis());
                answer(req, admission.uid(), AdmissionDecision.unchanged(Result.TIMEOUT,
                        "no decision within " + timeout.toMillis() + " ms; admitted unchanged"), start);
            }
        });
        Future<AdmissionDecision> decision;
        try {
            decision = decider.decide(admission);
        } catch (RuntimeException e) {
            decision = Future.failedFuture(e);
        }
        decision.onComplete(ar -> context.runOnContext(v -> {
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                answer(req, admission.uid(), ar.result(), start);
            } else {
                LOG.warn("Placement of pod {}/{} failed, admitted unchanged", admission.namespace(), admission.podName(), ar.cause());
                answer(req, admission.uid(), AdmissionDecision.unchanged(Result.ERROR, "placement failed: " + ar.cause()), start);
            }
        }));
    }

    private void tooLarge(HttpServerRequest req, long start) {
        AdmissionDecision d = AdmissionDecision.unchanged(Result.TOO_LARGE, "request larger than " + maxBodyBytes + " bytes");
        record(d, start);
        req.response().setStatusCode(413).putHeader("content-type", "application/json")
                .putHeader("connection", "close")
                .end(AdmissionReviews.response("", d));
    }

    private void answer(HttpServerRequest req, String uid, AdmissionDecision decision, long start) {
        record(decision, start);
        LOG.debug("Admission {} answered {}: {}", uid, decision.result(), decision.message());
        req.response().putHeader("content-type", "application/json").end(AdmissionReviews.response(uid, decision));
    }

    private void record(AdmissionDecision decision, long start) {
        decisions.get(decision.result()).increment();
        latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
