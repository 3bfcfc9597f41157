package io.spotwise.common.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the process is alive), {@code /readyz} (the service can do its job: every named check passes) and
 * {@code /metrics} (Prometheus text). Readiness answers 503 with the failing checks named, one per line.
 */
public final class OpsServer {

    private final Vertx vertx;
    private final PrometheusMeterRegistry registry;
    private final Map<String, Supplier<Boolean>> readiness;
    private HttpServer server;

    /** @param readiness check name → whether it passes now; evaluated on each request, must not block */
    public OpsServer(Vertx vertx, PrometheusMeterRegistry registry, Map<String, Supplier<Boolean>> readiness) {
        this.vertx = vertx;
        this.registry = registry;
        this.readiness = readiness;
    }

    public Future<Integer> start(int port) {
        server = vertx.createHttpServer();
        return server.requestHandler(this::handle).listen(port, "0.0.0.0").map(HttpServer::actualPort);
    }

    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest req) {
        switch (req.path()) {
            case "/healthz" -> req.response().putHeader("content-type", "text/plain").end("ok\n");
            case "/readyz" -> {
                StringBuilder failing = new StringBuilder();
                readiness.forEach((name, check) -> {
                    if (!Boolean.TRUE.equals(check.get())) {
                        failing.append("not ready: ").append(name).append('\n');
                    }
                });
                req.response().setStatusCode(failing.length() == 0 ? 200 : 503)
                        .putHeader("content-type", "text/plain")
                        .end(failing.length() == 0 ? "ready\n" : failing.toString());
            }
            case "/metrics" -> req.response()
                    .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(registry.scrape());
            default -> req.response().setStatusCode(404).end("not found: " + req.path() + "\n");
        }
    }
}
