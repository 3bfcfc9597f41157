package io.spotwise.watcher.publish;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys whose latest state has not been sent yet, in first-changed order, each once: a burst of changes to one object
 * costs one record. The value is the nanoTime of the earliest unsent Kubernetes change (0 for a resync), for the
 * change-to-acknowledged latency. Keys whose transaction failed wait apart until {@link #retryFailed()}.
 *
 * <p>Confined to the watcher's context; only the two sizes are published (volatile) for the gauges.
 */
final class DirtyKeys {

    private final LinkedHashMap<StateKey, Long> dirty = new LinkedHashMap<>();
    private final Map<StateKey, Long> failed = new HashMap<>();
    private volatile int dirtyCount;
    private volatile int failedCount;

    void mark(StateKey key, long changeNanos) {
        dirty.merge(key, changeNanos, DirtyKeys::earliest);
        dirtyCount = dirty.size();
    }

    /** Up to {@code max} keys, removed from the queue. */
    List<Map.Entry<StateKey, Long>> drain(int max) {
        List<Map.Entry<StateKey, Long>> out = new ArrayList<>(Math.min(max, dirty.size()));
        Iterator<Map.Entry<StateKey, Long>> it = dirty.entrySet().iterator();
        while (it.hasNext() && out.size() < max) {
            Map.Entry<StateKey, Long> e = it.next();
            out.add(Map.entry(e.getKey(), e.getValue()));
            it.remove();
        }
        dirtyCount = dirty.size();
        return out;
    }

    /** The key's record was not committed: it waits for {@link #retryFailed()}. */
    void failed(StateKey key, long changeNanos) {
        failed.merge(key, changeNanos, DirtyKeys::earliest);
        failedCount = failed.size();
    }

    /** Failed keys go back to the queue; returns how many. */
    int retryFailed() {
        int n = failed.size();
        failed.forEach(this::mark);
        failed.clear();
        failedCount = 0;
        return n;
    }

    void clear() {
        dirty.clear();
        failed.clear();
        dirtyCount = 0;
        failedCount = 0;
    }

    boolean isEmpty() {
        return dirty.isEmpty();
    }

    /** Keys waiting to be sent; safe from any thread. */
    int size() {
        return dirtyCount;
    }

    /** Keys waiting for a retry; safe from any thread. */
    int failedSize() {
        return failedCount;
    }

    private static long earliest(long a, long b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }
}
