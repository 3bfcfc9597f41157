package io.spotwise.watcher.publish;

import java.time.Duration;

/**
 * Whether Kafka commits what the publisher sends, for {@code /readyz}: written on the watcher's context only (one
 * writer), read from any thread, hence volatile fields and no lock.
 */
final class PublishHealth {

    private final long stallNanos;
    private volatile boolean failing;
    private volatile int inFlight;
    private volatile long lastProgressNanos = System.nanoTime();

    PublishHealth(Duration stallTimeout) {
        this.stallNanos = stallTimeout.toNanos();
    }

    /** {@code records} handed to the writer. */
    void sending(int records) {
        if (inFlight == 0) {
            lastProgressNanos = System.nanoTime();
        }
        inFlight += records;
    }

    /** {@code records} whose transaction ended, committed or not. */
    void ended(int records) {
        inFlight -= records;
    }

    void progressed() {
        lastProgressNanos = System.nanoTime();
    }

    /** A transaction failed; true when it is the first failure since the last commit. */
    boolean failed() {
        boolean first = !failing;
        failing = true;
        return first;
    }

    /** After a commit: true once, when it ends a run of failures. */
    boolean recovered() {
        if (failing) {
            failing = false;
            return true;
        }
        return false;
    }

    /** None failed since the last success, and none has been waiting longer than the stall timeout. */
    boolean healthy() {
        return !failing && (inFlight == 0 || System.nanoTime() - lastProgressNanos < stallNanos);
    }
}
