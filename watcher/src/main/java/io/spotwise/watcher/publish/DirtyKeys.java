package io.spotwise.watcher.publish;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Keys whose latest state has not been sent yet, in first-changed order, each once: a burst of changes to one object
 * costs one record. The value is the nanoTime of the earliest unsent Kubernetes change (0 for a resync), for the
 * change-to-acknowledged latency.
 */
final class DirtyKeys {

    private final LinkedHashMap<StateKey, Long> keys = new LinkedHashMap<>();

    synchronized void mark(StateKey key, long changeNanos) {
        keys.merge(key, changeNanos, (a, b) -> a == 0 ? b : b == 0 ? a : Math.min(a, b));
        notifyAll();
    }

    /** Up to {@code max} keys, waiting up to {@code waitMillis} for the first. */
    synchronized List<Map.Entry<StateKey, Long>> drain(int max, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (keys.isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return List.of();
            }
            wait(left);
        }
        List<Map.Entry<StateKey, Long>> out = new ArrayList<>(Math.min(max, keys.size()));
        Iterator<Map.Entry<StateKey, Long>> it = keys.entrySet().iterator();
        while (it.hasNext() && out.size() < max) {
            Map.Entry<StateKey, Long> e = it.next();
            out.add(Map.entry(e.getKey(), e.getValue()));
            it.remove();
        }
        return out;
    }

    synchronized void clear() {
        keys.clear();
    }

    synchronized int size() {
        return keys.size();
    }

    synchronized void wakeUp() {
        notifyAll();
    }
}
