package io.spotwise.decider.policy.state;

/**
 * Expiry times (epoch millis) in the order they were added, oldest first, held as primitives in a ring: adding one
 * allocates nothing once the ring has grown to the owner's burst. An {@code ArrayDeque<Long>} boxed every admission,
 * and each box lived as long as the admission (up to admissionTtl), so every young collection copied them again.
 * Not thread-safe: its {@link OwnerSet} guards it.
 */
final class ExpiryQueue {

    private long[] times = new long[2];
    private int head;
    private int size;

    void addLast(long expiresAt) {
        if (size == times.length) {
            grow();
        }
        times[(head + size) & (times.length - 1)] = expiresAt;
        size++;
    }

    /** Drops the oldest entry; nothing when empty. */
    void removeFirst() {
        if (size > 0) {
            head = (head + 1) & (times.length - 1);
            size--;
        }
    }

    /** Drops the entries expired at {@code now}, from the oldest, up to the first that has not. */
    void expire(long now) {
        while (size > 0 && times[head] <= now) {
            removeFirst();
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] grown = new long[times.length * 2]; // unrolled: the oldest first
        int toEnd = times.length - head;
        System.arraycopy(times, head, grown, 0, toEnd);
        System.arraycopy(times, 0, grown, toEnd, head);
        head = 0;
        times = grown;
    }
}
