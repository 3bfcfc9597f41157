package io.spotwise.sim.api.watch;

import io.spotwise.sim.api.ApiException;
import io.spotwise.sim.api.ApiPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Watches as HTTP chunked streams ({@code GET ...?watch=true} without a WebSocket upgrade, what kubectl and
 * client-go use): one JSON watch event per line, the response open until the watch ends or the client leaves.
 * The fabric8 mock only answers whole responses, so these requests are taken before it sees them.
 */
public final class HttpWatchStreams {

    private final WatchHub hub;
    private final BiConsumer<HttpServerRequest, Integer> recorder;

    /** {@code recorder} logs each watch request with its status, as the dispatcher logs the others. */
    public HttpWatchStreams(WatchHub hub, BiConsumer<HttpServerRequest, Integer> recorder) {
        this.hub = hub;
        this.recorder = recorder;
    }

    /** @return true if this request was a streaming watch and is now served here */
    public boolean handle(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET || "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            return false;
        }
        ApiPath p = ApiPath.parse(request.uri());
        if (!p.resourceRequest() || p.resource() == null || !p.isWatch()) {
            return false;
        }
        HttpServerResponse response = request.response();
        WatchRequest watch;
        try {
            if (hub.refusing()) {
                throw new ApiException(503, "ServiceUnavailable", "watches are not served (simulated outage)");
            }
            watch = WatchRequest.of(p, request.getHeader("Accept"));
        } catch (ApiException e) {
            recorder.accept(request, e.code());
            response.setStatusCode(e.code()).putHeader("Content-Type", "application/json")
                    .end(e.toStatus().encode());
            return true;
        }
        recorder.accept(request, 200);
        response.setStatusCode(200).setChunked(true).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-cache, private");
        response.writeHead();
        Subscription subscription = hub.watch(watch, new WatchSink() {
            @Override
            public void send(String event) {
                response.write(Buffer.buffer((event + "\n").getBytes(StandardCharsets.UTF_8)));
            }

            @Override
            public void close() {
                if (!response.ended()) {
                    response.end();
                }
            }
        });
        response.closeHandler(v -> subscription.cancel());
        request.connection().closeHandler(v -> subscription.cancel());
        return true;
    }
}
