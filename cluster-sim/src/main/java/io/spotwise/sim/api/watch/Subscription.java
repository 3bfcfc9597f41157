package io.spotwise.sim.api.watch;

import io.spotwise.sim.api.tables.Tables;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One open watch. Applies its selectors the way the API server does: an object that starts matching arrives as
 * ADDED, one that stops matching as DELETED (carrying its new state), others are not sent.
 */
public final class Subscription {

    private final WatchRequest request;
    private final WatchSink sink;
    private final Tables tables;
    private volatile boolean open = true;
    private volatile ScheduledFuture<?> bookmarks;
    private volatile ScheduledFuture<?> timeout;

    Subscription(WatchRequest request, WatchSink sink, Tables tables) {
        this.request = request;
        this.sink = new OrderedSender(sink);
        this.tables = tables;
    }

    WatchRequest request() {
        return request;
    }

    boolean isOpen() {
        return open;
    }

    void timers(ScheduledFuture<?> bookmarks, ScheduledFuture<?> timeout) {
        this.bookmarks = bookmarks;
        this.timeout = timeout;
    }

    /** Stops delivery (client went away or the server ended the watch). */
    public void cancel() {
        open = false;
        if (bookmarks != null) {
            bookmarks.cancel(false);
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    void deliver(Change c) {
        deliver(c, null);
    }

    /** @param encoded the change's object as JSON when the caller has it (encoded once for every watch), or null */
    void deliver(Change c, String encoded) {
        if (!open || !request.covers(c)) {
            return;
        }
        boolean was = c.previous() != null && request.selector().test(c.previous());
        boolean is = !"DELETED".equals(c.type()) && request.selector().test(c.object());
        String type;
        if (is) {
            type = was ? "MODIFIED" : "ADDED";
        } else if (was) {
            type = "DELETED";
        } else {
            return;
        }
        send(type, c.object(), encoded);
    }

    void send(String type, JsonObject object) {
        send(type, object, null);
    }

    private void send(String type, JsonObject object, String encoded) {
        if (encoded != null && !request.asTable()) {
            sink.send("{\"type\":\"" + type + "\",\"object\":" + encoded + "}");
            return;
        }
        JsonObject shown = object;
        if (request.asTable()) {
            String rv = object.getJsonObject("metadata", new JsonObject()).getString("resourceVersion");
            shown = tables.table(request.group(), request.resource(), List.of(object), rv,
                    request.includeObject(), true);
        }
        sink.send(new JsonObject().put("type", type).put("object", shown).encode());
    }

    void bookmark(long resourceVersion, String kind) {
        if (open && request.bookmarks()) {
            sink.send(new JsonObject().put("type", "BOOKMARK").put("object", new JsonObject().put("kind", kind)
                    .put("apiVersion", request.groupVersion()).put("metadata", new JsonObject()
                            .put("resourceVersion", String.valueOf(resourceVersion))))
                    .encode());
        }
    }

    /** The "too old resource version" answer of a watch: an ERROR event with a 410 Expired Status, then the end. */
    void expire(String requested, long oldest) {
        sink.send(new JsonObject().put("type", "ERROR").put("object", new JsonObject().put("kind", "Status")
                .put("apiVersion", "v1").put("metadata", new JsonObject()).put("status", "Failure")
                .put("message", "too old resource version: " + requested + " (" + oldest + ")")
                .put("reason", "Expired").put("code", 410)).encode());
        end();
    }

    void end() {
        cancel();
        sink.close();
    }
}
