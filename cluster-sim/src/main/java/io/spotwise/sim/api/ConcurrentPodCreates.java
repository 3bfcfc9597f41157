package io.spotwise.sim.api;

import static io.fabric8.mockwebserver.dsl.HttpMethod.POST;
import static io.vertx.core.buffer.Buffer.buffer;

import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pod CREATEs served off the mock's event loop, several at a time, as a real API server admits pods concurrently:
 * each waits for its admission webhooks on one of {@code concurrency} workers while the event loop goes on serving
 * other requests. The store itself stays consistent under its own lock; the answer is the dispatcher's, unchanged.
 */
public final class ConcurrentPodCreates implements AutoCloseable {

    private final SimDispatcher dispatcher;
    private final ExecutorService workers;

    public ConcurrentPodCreates(SimDispatcher dispatcher, int concurrency) {
        this.dispatcher = dispatcher;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "sim-admission-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** @return true if this request is a pod CREATE and is now served here */
    public boolean handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.POST) {
            return false;
        }
        ApiPath p = ApiPath.parse(request.uri());
        if (!p.resourceRequest() || !"pods".equals(p.resource()) || p.name() != null || p.subresource() != null
                || p.path().startsWith("/sim/")) {
            return false;
        }
        Context context = Vertx.currentContext();
        Headers headers = Headers.builder().addAll(request.headers()).build();
        String protocol = request.version().alpnName().toUpperCase(Locale.ROOT);
        request.body().onSuccess(body -> workers.execute(() -> {
            MockResponse answer = dispatcher.dispatch(new RecordedRequest(protocol,
                    POST, request.uri(), headers,
                    new Buffer(body.getBytes())));
            context.runOnContext(v -> send(request.response(), answer));
        })).onFailure(e -> request.response().setStatusCode(400).end());
        return true;
    }

    private static void send(HttpServerResponse response, MockResponse answer) {
        response.setStatusCode(answer.code());
        answer.getHeaders().toMultimap().forEach((k, v) -> response.headers().add(k, v));
        Buffer body = answer.getBody();
        response.end(body == null ? buffer() : buffer(body.getBytes()));
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
