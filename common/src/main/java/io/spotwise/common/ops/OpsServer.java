package io.spotwise.common.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the process is alive), {@code /readyz} (the service can do its job: every named check passes) and
 * {@code /metrics} (Prometheus text). Readiness answers 503 with the failing checks named, one per line. Each check is
 * also a gauge, {@code spotwise_readiness_check_passing{check}} / {@code spotwise_liveness_check_passing{check}}, so an
 * alert sees a dead loop before the kubelet restarts the process.
 */
public final class OpsServer {

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final Map<String, Supplier<Boolean>> readiness;
    private final Map<String, Supplier<Boolean>> liveness;
    private HttpServer server;

    /** @param readiness check name → whether it passes now; evaluated on each request, must not block */
    public OpsServer(Vertx vertx, PrometheusMeterRegistry registry, Map<String, Supplier<Boolean>> readiness) {
        this(vertx, registry, readiness, Map.of());
    }

    /**
     * @param liveness check name → whether it passes now; a failing one makes {@code /healthz} answer 503 so the
     *                 kubelet restarts a process whose essential loop died (not for transient conditions: use readiness)
     */
    public OpsServer(Vertx vertx, PrometheusMeterRegistry registry, Map<String, Supplier<Boolean>> readiness,
                     Map<String, Supplier<Boolean>> liveness) {
        this.vertx = vertx;
        this.registry = registry;
        this.readiness = readiness;
        this.liveness = liveness;
        checkGauges(registry, "spotwise.readiness.check.passing", "1 while this readiness check passes, 0 while it fails (/readyz)", readiness);
        checkGauges(registry, "spotwise.liveness.check.passing", "1 while this liveness check passes, 0 while it fails (/healthz)", liveness);
    }

    private static void checkGauges(MeterRegistry registry, String name, String description, Map<String, Supplier<Boolean>> checks) {
        checks.forEach((check, passes) -> Gauge.builder(name, passes, p -> Boolean.TRUE.equals(p.get()) ? 1 : 0)
                .tag("check", check).description(description).strongReference(true).register(registry));
    }

    public Future<Integer> start(int port) {
        // HTTP/1.1 only: a client that offers the cleartext HTTP/2 upgrade (h2c; the JDK's HttpClient does by default) got
        // /metrics (~40 KB) cut off with an HTTP/2 framing error and waited forever for the rest of the body, so a
        // scrape stalled (seen while the broker was down: ActuatorResilienceIT#brokerOutage). Declining the upgrade
        // answers every client in HTTP/1.1; Prometheus scrapes in HTTP/1.1 anyway.
        server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false));
        return server.requestHandler(this::handle).listen(port, "0.0.0.0").map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private static void answer(HttpServerRequest req, Map<String, Supplier<Boolean>> checks, String prefix, String ok) {
        StringBuilder failing = new StringBuilder();
        checks.forEach((name, check) -> {
            if (!Boolean.TRUE.equals(check.get())) {
                failing.append(prefix).append(name).append('\n');
            }
        });
        req.response().setStatusCode(failing.length() == 0 ? 200 : 503)
                .putHeader("content-type", "text/plain")
                .end(failing.length() == 0 ? ok : failing.toString());
    }

    private void handle(HttpServerRequest req) {
        switch (req.path()) {
            case "/healthz" -> answer(req, liveness, "not alive: ", "ok\n");
            case "/readyz" -> answer(req, readiness, "not ready: ", "ready\n");
            case "/metrics" -> req.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(registry.scrape());
            default -> req.response().setStatusCode(404).end("not found: " + req.path() + "\n");
        }
    }
}
