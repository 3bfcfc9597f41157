package io.spotwise.actuator.consume;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded memory of action ids whose outcome is already durable on {@code spotwise.outcomes}. A redelivered action
 * (a crash after the outcome was acked but before the offset was committed) is recognised here and not acted on twice.
 * Oldest ids are forgotten first; the guard still protects actions older than the memory.
 */
public final class CompletedActions {

    private final Map<String, Boolean> ids;

    public CompletedActions(int capacity) {
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized void add(String actionId) {
        ids.put(actionId, Boolean.TRUE);
    }

    public synchronized boolean contains(String actionId) {
        return ids.containsKey(actionId);
    }

    public synchronized int size() {
        return ids.size();
    }
}
