package io.spotwise.sim.api;

import io.fabric8.mockwebserver.http.ByteString;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Wraps the CRUD store's watch so the sim's own selectors apply to watch events the way the API server applies
 * them: an object that starts matching arrives as ADDED, one that stops matching as DELETED. Objects of another
 * API group stored under the same plural (core vs events.k8s.io Events) are dropped.
 */
final class SelectingWatchListener extends WebSocketListener {

    private final WebSocketListener delegate;
    private final ObjectSelector selector;
    private final String groupVersion;
    private final Set<String> inSelection = new HashSet<>();
    private Filtering socket;

    SelectingWatchListener(WebSocketListener delegate, ObjectSelector selector, String groupVersion) {
        this.delegate = delegate;
        this.selector = selector;
        this.groupVersion = groupVersion;
    }

    private synchronized Filtering wrap(WebSocket ws) {
        if (socket == null || socket.inner != ws) {
            socket = new Filtering(ws);
        }
        return socket;
    }

    @Override
    public void onBeforeAccept(WebSocket ws, Response response) {
        delegate.onBeforeAccept(wrap(ws), response);
    }

    @Override
    public void onOpen(WebSocket ws, Response response) {
        delegate.onOpen(wrap(ws), response);
    }

    @Override
    public void onMessage(WebSocket ws, String text) {
        delegate.onMessage(wrap(ws), text);
    }

    @Override
    public void onMessage(WebSocket ws, ByteString bytes) {
        delegate.onMessage(wrap(ws), bytes);
    }

    @Override
    public void onMessage(WebSocket ws, byte[] bytes) {
        delegate.onMessage(wrap(ws), bytes);
    }

    @Override
    public void onPing(WebSocket ws, byte[] bytes) {
        delegate.onPing(wrap(ws), bytes);
    }

    @Override
    public void onClosing(WebSocket ws, int code, String reason) {
        delegate.onClosing(wrap(ws), code, reason);
    }

    @Override
    public void onClosed(WebSocket ws, int code, String reason) {
        delegate.onClosed(wrap(ws), code, reason);
    }

    @Override
    public void onFailure(WebSocket ws, Throwable t, Response response) {
        delegate.onFailure(wrap(ws), t, response);
    }

    /** The rewritten event to send, or null to drop it. */
    synchronized String rewrite(String text) {
        JsonObject event;
        try {
            event = new JsonObject(text);
        } catch (RuntimeException notJson) {
            return text;
        }
        JsonObject object = event.getJsonObject("object");
        String type = event.getString("type");
        if (object == null || type == null || "ERROR".equals(type) || "BOOKMARK".equals(type)) {
            return text;
        }
        String apiVersion = object.getString("apiVersion");
        if (apiVersion != null && !apiVersion.equals(groupVersion)) {
            return null;
        }
        JsonObject meta = object.getJsonObject("metadata", new JsonObject());
        String key = meta.getString("namespace", "") + "/" + meta.getString("name", "");
        boolean was = inSelection.contains(key);
        boolean is = !"DELETED".equals(type) && selector.test(object);
        String newType;
        if (is) {
            inSelection.add(key);
            newType = was ? ("ADDED".equals(type) ? "MODIFIED" : type) : "ADDED";
        } else {
            inSelection.remove(key);
            newType = was ? "DELETED" : null;
        }
        if (newType == null) {
            return null;
        }
        return newType.equals(type) ? text : event.put("type", newType).encode();
    }

    private final class Filtering implements WebSocket {
        private final WebSocket inner;

        Filtering(WebSocket inner) {
            this.inner = inner;
        }

        @Override
        public RecordedRequest request() {
            return inner.request();
        }

        @Override
        public boolean send(String text) {
            String out = rewrite(text);
            return out == null || inner.send(out);
        }

        @Override
        public boolean send(byte[] bytes) {
            String out = rewrite(new String(bytes, StandardCharsets.UTF_8));
            return out == null || inner.send(out.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean close(int code, String reason) {
            return inner.close(code, reason);
        }
    }
}
