package io.spotwise.decider.state;

import io.spotwise.common.kafka.StateTopicFollower;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows spotwise.actions and spotwise.outcomes from a recent window (not from the beginning: they are logs, not
 * state) so a restarted or newly elected decider knows which actions are still in flight. Records read before
 * {@link #flush()} are handed over together by it, once, actions before outcomes (the state topics are applied first,
 * so an action finds its pod); after that records are handed over as they arrive, each offset once. Runs on the
 * context that called {@link #start()}.
 */
public final class HistoryFollower {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryFollower.class);

    private final List<String> topics;
    private final Duration window;
    private final Handler<KafkaConsumerRecord<String, byte[]>> handler;
    private final StateTopicFollower follower;
    private final List<KafkaConsumerRecord<String, byte[]>> buffered = new ArrayList<>();
    private boolean flushed;

    /** @param topics in the order their buffered records are handed over */
    public HistoryFollower(Vertx vertx, Map<String, String> consumerConfig, List<String> topics, Duration window, Clock clock,
                           Handler<KafkaConsumerRecord<String, byte[]>> handler) {
        this.topics = List.copyOf(topics);
        this.window = window;
        this.handler = handler;
        this.follower = new StateTopicFollower(vertx, consumerConfig, topics, this::onRecord, clock.instant().minus(window));
    }

    public Future<Void> start() {
        return follower.start();
    }

    /** Completes once the window was read (buffered, not yet handed over: see {@link #flush()}). */
    public Future<Void> caughtUp() {
        return follower.caughtUp();
    }

    public boolean isFlushed() {
        return flushed;
    }

    public StateTopicFollower follower() {
        return follower;
    }

    public Future<Void> close() {
        return follower.close();
    }

    private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
        if (flushed) {
            handler.handle(record);
        } else {
            buffered.add(record);
        }
    }

    /** Hands the buffered window over (once), actions before outcomes; later records go straight through. */
    public void flush() {
        if (flushed) {
            return;
        }
        flushed = true;
        buffered.sort(Comparator.<KafkaConsumerRecord<String, byte[]>>comparingInt(r -> topics.indexOf(r.topic()))
                .thenComparingLong(KafkaConsumerRecord::timestamp));
        LOG.info("Caught up with the last {} of {}: {} records", window, topics, buffered.size());
        buffered.forEach(handler::handle);
        buffered.clear();
    }
}
