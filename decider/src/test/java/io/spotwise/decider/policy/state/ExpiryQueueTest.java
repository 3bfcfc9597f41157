package io.spotwise.decider.policy.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An owner's in-flight admissions, kept as expiry times in a ring")
class ExpiryQueueTest {

    @Test
    @DisplayName("keeps the oldest first across growth while wrapped: consumed and expired like the deque it replaces")
    void sameAsADeque() {
        Random random = new Random(14);
        ExpiryQueue queue = new ExpiryQueue();
        ArrayDeque<Long> model = new ArrayDeque<>();
        long clock = 0;
        for (int step = 0; step < 50_000; step++) {
            int op = random.nextInt(10);
            if (op < 6) { // admissions arrive in time order, each expiring a TTL later
                clock += random.nextInt(3);
                queue.addLast(clock + 30);
                model.addLast(clock + 30);
            } else if (op < 8) { // a pod showed up
                queue.removeFirst();
                model.pollFirst();
            } else {
                long now = clock + random.nextInt(40);
                queue.expire(now);
                while (!model.isEmpty() && model.peekFirst() <= now) {
                    model.pollFirst();
                }
            }
            assertThat(queue.size()).as("size after step %d", step).isEqualTo(model.size());
        }
        queue.expire(Long.MAX_VALUE);
        assertThat(queue.size()).isZero();
    }

    @Test
    @DisplayName("a burst larger than the ring grows it and every admission expires at its own time")
    void burstExpiresInOrder() {
        ExpiryQueue queue = new ExpiryQueue();
        queue.addLast(5);
        queue.removeFirst(); // head moved: the next growth happens while wrapped
        for (long t = 10; t < 1_010; t++) {
            queue.addLast(t);
        }
        assertThat(queue.size()).isEqualTo(1_000);
        queue.expire(509);
        assertThat(queue.size()).isEqualTo(500);
        queue.removeFirst();
        queue.expire(1_008);
        assertThat(queue.size()).isEqualTo(1);
        queue.removeFirst();
        queue.removeFirst(); // empty: nothing to consume
        assertThat(queue.size()).isZero();
    }
}
