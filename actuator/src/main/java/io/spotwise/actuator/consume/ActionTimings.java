package io.spotwise.actuator.consume;

import java.time.Duration;

/**
 * Where one action's time went, from its decision to its effect done, for the log line of its outcome (docs/benchmarks.md,
 * "Decision → effect"): {@code received} decision → read from Kafka (the decider's tick and transaction, the broker,
 * the poll), {@code queued} read → its lane let it start (lane concurrency, earlier controls of its workload),
 * {@code prepare} start → asked for its STARTED mark (eviction budget, the guard's live reads), {@code mark} the
 * STARTED mark's transaction, {@code effect} mark committed → effect done (the API calls: eviction, patch, Event).
 * Phases an action did not go through (no STARTED mark: already done, refused, expired) are left out.
 */
record ActionTimings(Duration received, Duration queued, Duration prepare, Duration mark, Duration effect) {

    static ActionTimings of(ActionTask t) {
        long nowNanos = t.doneNanos;
        Duration sinceReceived = Duration.ofNanos(nowNanos - t.receivedNanos);
        Duration received = Duration.between(t.action.decidedAt(), t.doneAt).minus(sinceReceived);
        Duration queued = between(t.receivedNanos, t.startedNanos);
        Duration prepare = t.writeAheadAskedNanos == 0 ? null : between(t.startedNanos, t.writeAheadAskedNanos);
        Duration mark = t.writeAheadDoneNanos == 0 ? null : between(t.writeAheadAskedNanos, t.writeAheadDoneNanos);
        Duration effect = between(t.writeAheadDoneNanos == 0 ? t.startedNanos : t.writeAheadDoneNanos, nowNanos);
        return new ActionTimings(received, queued, prepare, mark, effect);
    }

    private static Duration between(long fromNanos, long toNanos) {
        return fromNanos == 0 || toNanos == 0 ? null : Duration.ofNanos(Math.max(0, toNanos - fromNanos));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("timings ms:");
        append(b, "received", received);
        append(b, "queued", queued);
        append(b, "prepare", prepare);
        append(b, "mark", mark);
        append(b, "effect", effect);
        return b.toString();
    }

    private static void append(StringBuilder b, String name, Duration d) {
        if (d != null) {
            b.append(' ').append(name).append('=').append(d.toMillis());
        }
    }
}
