package io.spotwise.decider.webhook;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook's memory budget: request bodies being read or decided, summed over every connection and HTTP/2 stream.
 * Without it, 1,000 streams × a 3 MiB body each could take 3 GiB of heap; with it, a request that would go over the
 * budget is answered "allowed, unchanged" at once and its body is not kept.
 */
final class InFlightBytes {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    InFlightBytes(long limit) {
        this.limit = limit;
    }

    /** One request's share of the budget; {@link #release()} is idempotent. */
    final class Share {
        private long held;

        /** Takes {@code bytes} more for this request; false (and nothing taken) if the budget has no room. */
        boolean grow(long bytes) {
            while (true) {
                long now = used.get();
                if (now + bytes > limit) {
                    return false;
                }
                if (used.compareAndSet(now, now + bytes)) {
                    held += bytes;
                    return true;
                }
            }
        }

        void release() {
            used.addAndGet(-held);
            held = 0;
        }
    }

    Share share() {
        return new Share();
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
