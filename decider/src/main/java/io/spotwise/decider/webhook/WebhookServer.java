package io.spotwise.decider.webhook;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.channel.Channel;
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
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
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
    /** TLS 1.0 and 1.1 are refused (RFC 8996). */
    static final Set<String> TLS_VERSIONS = Set.of("TLSv1.2", "TLSv1.3");
    /**
     * The HTTP/2 flow-control window granted per connection and per stream. HTTP/2's default, 65,535 bytes for the
     * whole connection, lets an API server with 100 pod creates in flight send ~30 bodies of 2 KB; the others wait for
     * the webhook's WINDOW_UPDATE while their clock, started at their headers, runs (docs/benchmarks.md, "Webhook tail").
     */
    public static final int DEFAULT_HTTP2_WINDOW_BYTES = 4 * 1024 * 1024;

    /**
     * Streams one HTTP/2 connection may have open at once. Past it, Go's HTTP/2 client (the API server's) opens
     * another connection instead of queueing. A connection's frames are read one after the other, so a request's body
     * waits behind every body sent before it on the same connection: with 100 admissions in flight, p99 from the
     * headers was 3–5 ms on one connection and mostly 0.7–2 ms on four (docs/benchmarks.md, "Streams per connection").
     * Twice the simulator's 16 concurrent admissions: the JDK's HTTP/2 client fails a request past the limit rather
     * than open a connection.
     */
    public static final int DEFAULT_HTTP2_MAX_STREAMS = 32;
    /** The uid prefix of the start-up self-check's reviews: answered as any other, never counted in the meters. */
    static final String SELF_CHECK_UID = "spotwise-self-check-";

    private final Vertx vertx;
    private final AdmissionDecider decider;
    private final Duration timeout;
    private final int maxBodyBytes;
    private final InFlightBytes inFlight;
    private final MeterRegistry registry;
    private CertificateReloader reloader;
    private final Timer latency;
    private final Timer processing;
    private final Map<Result, Counter> decisions = new EnumMap<>(Result.class);
    private HttpServer server;
    private ServerSSLOptions sslOptions;
    private volatile boolean warm;
    private String servingCertificatePem;

    /** With a bytes-in-flight budget of 16 request bodies. */
    public WebhookServer(Vertx vertx, AdmissionDecider decider, Duration timeout, int maxBodyBytes, MeterRegistry registry) {
        this(vertx, decider, timeout, maxBodyBytes, 16L * maxBodyBytes, registry);
    }

    /**
     * @param maxBodyBytes      largest AdmissionReview read; larger ones are answered 413, allowed and unchanged
     * @param maxBytesInFlight  request bytes held at once over all connections and streams; a request that would go
     *                          over is answered 429, allowed and unchanged
     */
    public WebhookServer(Vertx vertx, AdmissionDecider decider, Duration timeout, int maxBodyBytes, long maxBytesInFlight,
                         MeterRegistry registry) {
        this.vertx = vertx;
        this.decider = decider;
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.inFlight = new InFlightBytes(maxBytesInFlight);
        this.registry = registry;
        Gauge.builder("spotwise.decider.webhook.inflight.bytes", inFlight, InFlightBytes::used).baseUnit("bytes")
                .description("admission request bytes held (being read or decided), bounded by SPOTWISE_WEBHOOK_MAX_BYTES_IN_FLIGHT")
                .register(registry);
        this.latency = WebhookMeters.latency(registry);
        this.processing = WebhookMeters.processing(registry);
        for (Result r : Result.values()) {
            decisions.put(r, WebhookMeters.decisions(registry, r));
        }
    }

    /** Starts listening with the default HTTP/2 window; completes with the bound port. */
    public Future<Integer> start(WebhookTls.Material tls, int port) {
        return start(tls, port, DEFAULT_HTTP2_WINDOW_BYTES);
    }

    public Future<Integer> start(WebhookTls.Material tls, int port, int http2WindowBytes) {
        return start(tls, port, http2WindowBytes, DEFAULT_HTTP2_MAX_STREAMS);
    }

    /**
     * Starts listening; completes with the bound port.
     *
     * @param http2WindowBytes HTTP/2 flow-control window granted to each connection and each stream (65,535 to 2^31-1)
     * @param http2MaxStreams  HTTP/2 streams one connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS)
     */
    public Future<Integer> start(WebhookTls.Material tls, int port, int http2WindowBytes, int http2MaxStreams) {
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setUseAlpn(true) // the API server talks HTTP/2 to webhooks when offered: many requests per connection
                .setEnabledSecureTransportProtocols(TLS_VERSIONS)
                .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(http2MaxStreams).setInitialWindowSize(http2WindowBytes))
                .setHttp2ConnectionWindowSize(http2WindowBytes)
                .setKeyCertOptions(keyCert(tls))
                .setIdleTimeout(60)
                .setIdleTimeoutUnit(TimeUnit.SECONDS);
        sslOptions = options.getSslOptions().copy();
        servingCertificatePem = tls.certificatePem();
        server = vertx.createHttpServer(options);
        return server.requestHandler(this::handle).listen(port, "0.0.0.0").map(HttpServer::actualPort);
    }

    /**
     * Serves the certificate and key of these files from now on, following them: a changed, consistent pair is used
     * for every new TLS handshake within {@code period}, without a restart ({@link CertificateReloader}).
     */
    public void followCertificateFiles(Path certFile, Path keyFile, WebhookTls.Material serving, Duration period) {
        reloader = new CertificateReloader(vertx, certFile, keyFile, period,
                m -> server.updateSSLOptions(sslOptions.copy().setKeyCertOptions(keyCert(m)), true), registry);
        reloader.start(serving);
    }

    /**
     * Warms the webhook before it is reported ready ({@link #warm()}): {@code requests} dry-run pod reviews to itself
     * over loopback, HTTP/2 and TLS, a few at a time. A fresh JVM's first TLS handshake and first admissions can take
     * seconds (class loading, JIT, the crypto providers), longer than the API server's {@code timeoutSeconds}, which
     * then admits the pod unchanged; this way they are not the API server's. Dry runs decide and record nothing.
     * Completes either way: a failed self-check is logged, and the webhook counts as warm, since it is no reason to
     * keep a replica out of service.
     */
    public Future<Void> selfCheck(int port, int requests, Duration timeout) {
        return new WebhookSelfCheck(vertx, PATH, SELF_CHECK_UID, servingCertificatePem).run(port, requests, timeout).onComplete(ar -> warm = true);
    }

    /** True once the start-up self-check has run ({@link #selfCheck}). */
    public boolean warm() {
        return warm;
    }

    public Future<Void> stop() {
        if (reloader != null) {
            reloader.stop();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    private static PemKeyCertOptions keyCert(WebhookTls.Material tls) {
        return new PemKeyCertOptions().setCertValue(Buffer.buffer(tls.certificatePem())).setKeyValue(Buffer.buffer(tls.privateKeyPem()));
    }

    private void handle(HttpServerRequest req) {
        Clocks clocks = new Clocks(System.nanoTime());
        if (req.method() != HttpMethod.POST || !PATH.equals(req.path())) {
            req.response().setStatusCode(404).end("not found: " + req.method() + " " + req.path() + "\n");
            return;
        }
        InFlightBytes.Share share = inFlight.share();
        req.response().endHandler(v -> share.release());
        req.response().closeHandler(v -> share.release());
        long declared = parseLong(req.getHeader("content-length"));
        if (declared > maxBodyBytes) {
            refuseEarly(req, Result.TOO_LARGE, 413, "request larger than " + maxBodyBytes + " bytes", clocks);
            return;
        }
        if (declared > 0 && !share.grow(declared)) {
            refuseEarly(req, Result.OVERLOADED, 429, overloaded(), clocks);
            return;
        }
        long[] held = {Math.max(0, declared)};
        RequestBody body = new RequestBody((int) held[0]); // sized once from content-length when the client sends it
        req.handler(chunk -> {
            if (body.dropped()) {
                return; // already answered: the rest of the body is read and dropped
            }
            int length = body.length() + chunk.length();
            if (length > maxBodyBytes) {
                body.drop();
                refuseEarly(req, Result.TOO_LARGE, 413, "request larger than " + maxBodyBytes + " bytes", clocks);
                return;
            }
            if (length > held[0]) {
                if (!share.grow(length - held[0])) {
                    body.drop();
                    refuseEarly(req, Result.OVERLOADED, 429, overloaded(), clocks);
                    return;
                }
                held[0] = length;
            }
            body.append(chunk);
        });
        req.endHandler(v -> {
            clocks.received = System.nanoTime();
            if (!body.dropped()) {
                decide(req, body, clocks);
            }
        });
        req.exceptionHandler(e -> {
            share.release();
            LOG.debug("Admission request failed while reading: {}", e.toString());
        });
    }

    private String overloaded() {
        return "more than " + inFlight.limit() + " request bytes in flight";
    }

    private void decide(HttpServerRequest req, RequestBody body, Clocks clocks) {
        AdmissionReviews.Parsed parsed;
        try {
            parsed = AdmissionReviews.parse(body.bytes(), body.length());
        } catch (RuntimeException e) {
            LOG.warn("Admission request could not be read, admitted unchanged", e);
            answer(req, "", AdmissionDecision.unchanged(Result.ERROR, "could not read the request: " + e), clocks);
            return;
        }
        if (parsed instanceof AdmissionReviews.Skip skip) {
            answer(req, skip.uid(), skip.decision(), clocks);
            return;
        }
        PodAdmission admission = ((AdmissionReviews.Admit) parsed).admission();
        Future<AdmissionDecision> decision = decide(admission);
        Context context = vertx.getOrCreateContext();
        if (decision.isComplete()) {
            // Decided on this context already: no timer, and the answer goes out now, from inside the read
            // (AnswerFlush says how it stays flushed); on a channel already full it waits for the next turn.
            Channel channel = AnswerFlush.channel(req);
            if (channel != null && channel.isWritable()) {
                answer(req, admission, decision, clocks);
                AnswerFlush.afterAnswer(channel);
            } else {
                context.runOnContext(v -> answer(req, admission, decision, clocks));
            }
            return;
        }
        boolean[] answered = {false};
        long timer = vertx.setTimer(timeout.toMillis(), id -> {
            if (!answered[0]) {
                answered[0] = true;
                LOG.warn("No placement for pod {}/{} within {} ms, admitted unchanged", admission.namespace(), admission.podName(), timeout.toMillis());
                answer(req, admission.uid(), AdmissionDecision.unchanged(Result.TIMEOUT,
                        "no decision within " + timeout.toMillis() + " ms; admitted unchanged"), clocks);
            }
        });
        decision.onComplete(ar -> context.runOnContext(v -> {
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            vertx.cancelTimer(timer);
            answer(req, admission, decision, clocks);
        }));
    }

    private Future<AdmissionDecision> decide(PodAdmission admission) {
        try {
            return decider.decide(admission);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private void answer(HttpServerRequest req, PodAdmission admission, Future<AdmissionDecision> decision, Clocks clocks) {
        if (decision.succeeded()) {
            answer(req, admission.uid(), decision.result(), clocks);
        } else {
            LOG.warn("Placement of pod {}/{} failed, admitted unchanged", admission.namespace(), admission.podName(), decision.cause());
            answer(req, admission.uid(), AdmissionDecision.unchanged(Result.ERROR, "placement failed: " + decision.cause()), clocks);
        }
    }

    /**
     * Answers before the body is read: allowed, unchanged, with a status the API server counts as a webhook error
     * (failurePolicy Ignore admits the pod). HTTP/1.1 closes the connection, since the rest of the body is not read;
     * HTTP/2 must not: a connection-specific header there is a protocol error (RFC 9113 §8.2.2) and the API server
     * would reset the stream instead of reading the answer; there the stream alone is ended, and the body still on its
     * way is read and dropped.
     */
    private void refuseEarly(HttpServerRequest req, Result result, int status, String message, Clocks clocks) {
        AdmissionDecision d = AdmissionDecision.unchanged(result, message);
        record(d, clocks);
        if (req.response().ended()) {
            return;
        }
        req.handler(chunk -> {}); // drain what is already on its way, never keep it
        req.response().setStatusCode(status).putHeader("content-type", "application/json");
        if (req.version() != HttpVersion.HTTP_2) {
            req.response().putHeader("connection", "close").end(AdmissionReviews.response("", d));
            return;
        }
        req.response().end(AdmissionReviews.response("", d));
    }

    private void answer(HttpServerRequest req, String uid, AdmissionDecision decision, Clocks clocks) {
        if (!uid.startsWith(SELF_CHECK_UID)) {
            record(decision, clocks);
        }
        LOG.debug("Admission {} answered {}: {}", uid, decision.result(), decision.message());
        req.response().putHeader("content-type", "application/json").end(AdmissionReviews.response(uid, decision));
    }

    private void record(AdmissionDecision decision, Clocks clocks) {
        decisions.get(decision.result()).increment();
        long now = System.nanoTime();
        latency.record(now - clocks.start, TimeUnit.NANOSECONDS);
        processing.record(now - clocks.received, TimeUnit.NANOSECONDS);
    }

    /**
     * When a request's headers arrived, and when its last byte did (its headers' time until then, for a request
     * answered before its body is read). Between the two, the request was still arriving: on an HTTP/2 connection
     * that is also the other streams' bytes read before this one's.
     */
    private static final class Clocks {
        final long start;
        long received;

        Clocks(long start) {
            this.start = start;
            this.received = start;
        }
    }

    private static long parseLong(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
