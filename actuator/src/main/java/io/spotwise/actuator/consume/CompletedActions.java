package io.spotwise.actuator.consume;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded memory of what {@code spotwise.outcomes} says about action ids: {@link Progress#STARTED} (the write-ahead
 * mark of an eviction about to be sent) or {@link Progress#DONE} (a terminal outcome is durable). Fed continuously by
 * {@link OutcomeFollower} and by this replica's own committed transactions, so whichever replica owns a partition knows
 * what was done. Oldest ids are forgotten first; the guard still protects actions older than the memory.
 */
public final class CompletedActions {

    /** What is known of one action id. */
    public enum Progress {
        UNKNOWN,
        STARTED,
        DONE
    }

    private final Map<String, Progress> ids;

    public CompletedActions(int capacity) {
        this.ids = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Progress> eldest) {
                return size() > capacity;
            }
        };
    }

    /** A terminal outcome is durable. */
    public synchronized void add(String actionId) {
        ids.put(actionId, Progress.DONE);
    }

    /** The write-ahead STARTED mark is durable; never downgrades DONE (outcomes can be read in any order). */
    public synchronized void started(String actionId) {
        ids.putIfAbsent(actionId, Progress.STARTED);
    }

    public synchronized boolean contains(String actionId) {
        return ids.get(actionId) == Progress.DONE;
    }

    public synchronized Progress progress(String actionId) {
        return ids.getOrDefault(actionId, Progress.UNKNOWN);
    }

    public synchronized int size() {
        return ids.size();
    }
}
