package io.spotwise.chaos;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A transparent HTTP proxy between one actuator replica and the simulated API server (the replica's kubeconfig points
 * here). Normally it forwards everything. When a {@link CrashWindow} is armed, the next request that ends that window
 * is forwarded — its effect happens on the API server — but if it succeeded its answer is held back, the hit is handed
 * to the nemesis (which SIGKILLs the replica), and the connection is dropped: the replica dies inside the window.
 */
public final class ApiProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiProxy.class);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "content-length",
            "upgrade", "http2-settings", "host", "proxy-connection", "te", "trailer");

    /** One window hit: the request that ended it, as the API server answered it. */
    public record Hit(CrashWindow window, String replica, String method, String path, int status, Instant at) {
    }

    private final String replica;
    private final int targetPort;
    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Map<CrashWindow, Consumer<Hit>> traps = new ConcurrentHashMap<>();
    private final ExecutorService killer;
    private HttpServer server;

    public ApiProxy(Vertx vertx, String replica, int targetPort) {
        this.vertx = vertx;
        this.replica = replica;
        this.targetPort = targetPort;
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(targetPort));
        this.killer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chaos-window-" + replica);
            t.setDaemon(true);
            return t;
        });
    }

    public ApiProxy start() {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return this;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the API proxy of " + replica, e);
        }
    }

    public int port() {
        return server.actualPort();
    }

    public String replica() {
        return replica;
    }

    /** Arms one window: the next successful request ending it is the hit. Several windows can be armed at once. */
    public void arm(CrashWindow window, Consumer<Hit> onHit) {
        traps.put(window, onHit);
    }

    public void disarm(CrashWindow window) {
        traps.remove(window);
    }

    public void disarmAll() {
        traps.clear();
    }

    private void handle(HttpServerRequest in) {
        String method = in.method().name();
        String uri = in.uri();
        String path = in.path();
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        in.headers().forEach((k, v) -> {
            if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
                headers.add(k, v);
            }
        });
        in.body()
                .compose(body -> client.request(new RequestOptions().setMethod(HttpMethod.valueOf(method)).setURI(uri).setHeaders(headers))
                        .compose(out -> out.send(body)))
                .compose(resp -> resp.body().map(body -> new Object[] {resp, body}))
                .onSuccess(pair -> {
                    var resp = (HttpClientResponse) pair[0];
                    Buffer body = (Buffer) pair[1];
                    CrashWindow w = resp.statusCode() / 100 != 2 ? null
                            : traps.keySet().stream().filter(x -> x.endsWith(method, path)).findFirst().orElse(null);
                    Consumer<Hit> onHit = w == null ? null : traps.remove(w);
                    if (onHit != null) {
                        Hit hit = new Hit(w, replica, method, path, resp.statusCode(), Instant.now());
                        LOG.info("Crash window {} hit by {}: {} {} answered {} on the API server; answer held back", w, replica,
                                method, path, resp.statusCode());
                        killer.execute(() -> {
                            try {
                                onHit.accept(hit);
                            } finally {
                                vertx.runOnContext(v -> in.connection().close());
                            }
                        });
                        return;
                    }
                    var out = in.response().setStatusCode(resp.statusCode());
                    resp.headers().forEach((k, v) -> {
                        if (!HOP_BY_HOP.contains(k.toLowerCase(Locale.ROOT))) {
                            out.headers().add(k, v);
                        }
                    });
                    out.end(body);
                })
                .onFailure(e -> {
                    if (!in.response().ended()) {
                        in.response().setStatusCode(502).end("chaos proxy: " + e.getMessage());
                    }
                });
    }

    @Override
    public void close() {
        killer.shutdownNow();
        if (server != null) {
            server.close();
        }
        client.close();
    }
}
