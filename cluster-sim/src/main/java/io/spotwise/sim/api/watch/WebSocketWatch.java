package io.spotwise.sim.api.watch;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;

/** A watch over a WebSocket (what fabric8 clients use): opened on upgrade, cancelled when the socket goes. */
public final class WebSocketWatch extends WebSocketListener {

    private final WatchHub hub;
    private final WatchRequest request;
    private volatile Subscription subscription;

    public WebSocketWatch(WatchHub hub, WatchRequest request) {
        this.hub = hub;
        this.request = request;
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        subscription = hub.watch(request, new WatchSink() {
            @Override
            public void send(String event) {
                ws.send(event);
            }

            @Override
            public void close() {
                ws.close(1000, "");
            }
        });
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        cancel();
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        cancel();
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        cancel();
    }

    private void cancel() {
        Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
