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
 * catching up are handed over together once caught up, actions before outcomes, so an outcome never precedes its
 * action; after that records are handed over as they arrive. Runs on the context that called {@link #start()}.
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
        return follower.start().onSuccess(v -> follower.caughtUp().onSuccess(caught -> flush()));
    }

    /** Completes once the window was read and handed over. */
    public Future<Void> caughtUp() {
        return follower.caughtUp().map(v -> {
            flush();
            return null;
        });
    }

    public boolean isCaughtUp() {
        return flushed;
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

    private void flush() {
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
