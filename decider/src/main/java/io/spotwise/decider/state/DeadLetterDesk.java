package io.spotwise.decider.state;

import io.spotwise.common.kafka.DeadLetterWatermarks;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each unreadable record to spotwise.dead-letter once, although every replica reads (and every restart
 * re-reads) the same records: replicas only note bad records; the leader, once per leadership, reads back how far
 * the decider has dead-lettered each source partition and sends only what lies beyond. Runs on the state's context.
 */
public final class DeadLetterDesk {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDesk.class);
    private static final int MAX_PENDING = 10_000;

    /** Sends one letter; completes when the broker took it. */
    public interface Sender {
        Future<Void> send(String topic, int partition, long offset, String key, byte[] value, String error, String field);
    }

    private record Letter(String topic, int partition, long offset, String key, byte[] value, String error, String field) {
    }

    private final Vertx vertx;
    private final Supplier<DeadLetterWatermarks> readBack;
    private final ArrayDeque<Letter> pending = new ArrayDeque<>();
    private DeadLetterWatermarks written;
    private boolean reading;
    private volatile int pendingCount;

    /** @param readBack reads the watermarks from the topic (blocking; run on a worker) */
    public DeadLetterDesk(Vertx vertx, Supplier<DeadLetterWatermarks> readBack) {
        this.vertx = vertx;
        this.readBack = readBack;
    }

    /** A record that could not be read. */
    public void note(String topic, int partition, long offset, String key, byte[] value, String error, String field) {
        if (written != null && written.covers(topic, partition, offset)) {
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            Letter dropped = pending.removeFirst();
            LOG.warn("More than {} unreadable records wait for a leader to dead-letter them: {}-{}@{} is not dead-lettered",
                    MAX_PENDING, dropped.topic(), dropped.partition(), dropped.offset());
        }
        pending.addLast(new Letter(topic, partition, offset, key, value, error, field));
        pendingCount = pending.size();
    }

    /** Called on every tick: the leader sends what is pending; a replica that is not leader forgets what it read back. */
    public void flush(boolean leader, Sender sender) {
        if (!leader) {
            written = null;
            return;
        }
        if (written == null) {
            readWatermarks();
            return;
        }
        while (!pending.isEmpty()) {
            Letter l = pending.removeFirst();
            if (written.covers(l.topic(), l.partition(), l.offset())) {
                continue;
            }
            written.record(l.topic(), l.partition(), l.offset());
            sender.send(l.topic(), l.partition(), l.offset(), l.key(), l.value(), l.error(), l.field())
                    .onFailure(e -> {
                        LOG.warn("Could not dead-letter {}-{}@{} ({}); trying again after reading the topic back", l.topic(), l.partition(),
                                l.offset(), e.toString());
                        written = null;
                        pending.addFirst(l);
                        pendingCount = pending.size();
                    });
        }
        pendingCount = pending.size();
    }

    /** Unreadable records this replica noted and has not seen dead-lettered (any thread). */
    public int pending() {
        return pendingCount;
    }

    private void readWatermarks() {
        if (reading) {
            return;
        }
        reading = true;
        vertx.executeBlocking(readBack::get).onComplete(ar -> {
            reading = false;
            if (ar.succeeded()) {
                written = ar.result();
            } else {
                LOG.warn("Could not read spotwise.dead-letter back (dead letters wait until it can be read): {}", ar.cause().toString());
            }
        });
    }
}
