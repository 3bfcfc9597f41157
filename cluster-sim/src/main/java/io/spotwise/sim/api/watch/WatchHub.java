package io.spotwise.sim.api.watch;

import io.spotwise.sim.api.ApiResources;
import io.spotwise.sim.api.tables.Tables;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The API server's watch machinery (what the watch cache and etcd give a real one): every change of the store with
 * its resource version, kept for {@code window} (older ones are compacted); watches that start with the current
 * state (no resourceVersion or "0") or resume from a resourceVersion (events after it are replayed; a compacted one
 * gets {@code 410 Expired}); BOOKMARK events on request; {@code timeoutSeconds}.
 */
public final class WatchHub implements AutoCloseable {

    private static final int MAX_EVENTS = 200_000;

    private final Duration window;
    private final Duration bookmarkInterval;
    private final Tables tables;
    private final Clock clock;
    private final Map<String, Change> current = new HashMap<>();
    private final ArrayDeque<Change> log = new ArrayDeque<>();
    private final Set<Subscription> subscriptions = new LinkedHashSet<>();
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-watch-timer");
        t.setDaemon(true);
        return t;
    });
    private long resourceVersion;
    private long compactedThrough;
    private volatile boolean refusing;

    public WatchHub(Duration window, Duration bookmarkInterval, Tables tables, Clock clock) {
        this.window = window;
        this.bookmarkInterval = bookmarkInterval;
        this.tables = tables;
        this.clock = clock;
    }

    /** Records a stored object (ADDED or MODIFIED) or a removed one (DELETED, with its final resource version). */
    public synchronized void record(String group, String resource, JsonObject object, boolean deleted) {
        JsonObject meta = object.getJsonObject("metadata", new JsonObject());
        long rv = Long.parseLong(meta.getString("resourceVersion", "0"));
        String key = Change.key(group, resource, meta.getString("namespace"), meta.getString("name"));
        Change before = current.get(key);
        if (!deleted && before != null && before.resourceVersion() == rv) {
            return; // a no-op update: the store kept the resource version and a real server sends nothing
        }
        String type = deleted ? "DELETED" : before == null ? "ADDED" : "MODIFIED";
        Change change = new Change(rv, type, group, resource, meta.getString("namespace"), meta.getString("name"),
                object, deleted ? object : before == null ? null : before.object(), clock.instant());
        if (deleted) {
            current.remove(key);
        } else {
            current.put(key, change);
        }
        resourceVersion = Math.max(resourceVersion, rv);
        log.addLast(change);
        compact();
        for (StoreListener l : listeners) {
            l.changed(type, group, resource, object);
        }
        subscriptions.removeIf(s -> !s.isOpen());
        if (!subscriptions.isEmpty()) {
            String encoded = object.encode(); // once for every watch, not once per watch
            subscriptions.forEach(s -> s.deliver(change, encoded));
        }
    }

    /**
     * Registers an in-process listener: first every current object as ADDED (in key order), then every change,
     * with nothing missed or repeated in between. Not affected by {@link #interrupt()} (that is a client outage).
     */
    public synchronized void listen(StoreListener listener) {
        current.values().stream().sorted(Comparator.comparing(Change::key))
                .forEach(c -> listener.changed("ADDED", c.group(), c.resource(), c.object()));
        listeners.add(listener);
    }

    private void compact() {
        Instant horizon = clock.instant().minus(window);
        while (!log.isEmpty() && (log.size() > MAX_EVENTS || log.peekFirst().at().isBefore(horizon))) {
            compactedThrough = log.removeFirst().resourceVersion();
        }
    }

    /** The resource version of the latest change: a list taken after this call is at least this new. */
    public synchronized long resourceVersion() {
        return resourceVersion;
    }

    /** Opens a watch; its first events (current state or the replay) are sent before this returns. */
    public synchronized Subscription watch(WatchRequest request, WatchSink sink) {
        Subscription s = new Subscription(request, sink, tables);
        compact();
        if (request.startsWithState()) {
            current.values().stream().filter(c -> request.covers(c) && request.selector().test(c.object()))
                    .sorted(Comparator.comparing(Change::key)).forEach(c -> s.send("ADDED", c.object()));
        } else {
            long from;
            try {
                from = Long.parseLong(request.resourceVersion());
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < compactedThrough) {
                s.expire(request.resourceVersion(), compactedThrough + 1);
                return s;
            }
            long since = from;
            log.stream().filter(c -> c.resourceVersion() > since).forEach(s::deliver);
        }
        subscriptions.add(s);
        String kind = ApiResources.find(request.group(), request.version(), request.resource())
                .map(ApiResources.Resource::kind).orElse("Status");
        ScheduledFuture<?> bookmarks = request.bookmarks() ? timer.scheduleAtFixedRate(() -> bookmark(s, kind),
                bookmarkInterval.toMillis(), bookmarkInterval.toMillis(), TimeUnit.MILLISECONDS) : null;
        ScheduledFuture<?> timeout = request.timeoutSeconds() > 0
                ? timer.schedule(() -> end(s), request.timeoutSeconds(), TimeUnit.SECONDS) : null;
        s.timers(bookmarks, timeout);
        return s;
    }

    private synchronized void bookmark(Subscription s, String kind) {
        s.bookmark(resourceVersion, kind);
    }

    private synchronized void end(Subscription s) {
        subscriptions.remove(s);
        s.end();
    }

    /**
     * A watch outage (e.g. a network partition between clients and the API server): every open watch ends and new
     * ones are refused with 503 until {@link #resume()}. Clients retry and resume from their last resourceVersion.
     */
    public synchronized void interrupt() {
        refusing = true;
        subscriptions.forEach(Subscription::end);
        subscriptions.clear();
    }

    public void resume() {
        refusing = false;
    }

    public boolean refusing() {
        return refusing;
    }

    /** The newest resource version no longer kept (changes up to it are compacted away by the window). */
    public synchronized long compactedThrough() {
        compact();
        return compactedThrough;
    }

    /** Forgets the events so far, as if etcd compacted now: a watch resuming from an older version gets 410. */
    public synchronized void compactAll() {
        log.clear();
        compactedThrough = resourceVersion;
    }

    @Override
    public synchronized void close() {
        subscriptions.forEach(Subscription::end);
        subscriptions.clear();
        timer.shutdownNow();
    }
}
