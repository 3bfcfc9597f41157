package io.spotwise.sim.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every request the simulated API server answered, newest last, bounded so a long-running sandbox does not
 * grow without limit. The sim's own control plane is left out (its User-Agent starts with {@code spotwise-sim}).
 */
public final class RequestLog {

    public static final String INTERNAL_AGENT_PREFIX = "spotwise-sim";

    private final int capacity;
    private final Deque<RecordedApiRequest> entries = new ArrayDeque<>();

    public RequestLog(int capacity) {
        this.capacity = capacity;
    }

    void record(RecordedApiRequest request) {
        if (request.userAgent() != null && request.userAgent().startsWith(INTERNAL_AGENT_PREFIX)) {
            return;
        }
        synchronized (entries) {
            if (entries.size() == capacity) {
                entries.removeFirst();
            }
            entries.addLast(request);
        }
    }

    /** A snapshot of all recorded requests, oldest first. */
    public List<RecordedApiRequest> all() {
        synchronized (entries) {
            return new ArrayList<>(entries);
        }
    }

    public List<RecordedApiRequest> matching(Predicate<RecordedApiRequest> filter) {
        return all().stream().filter(filter).toList();
    }

    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }
}
