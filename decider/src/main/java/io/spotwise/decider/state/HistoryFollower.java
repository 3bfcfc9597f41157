package io.spotwise.decider.state;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.OffsetAndTimestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final long POSITION_CHECK_MS = 200;

    private final Vertx vertx;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final Duration window;
    private final Clock clock;
    private final Handler<KafkaConsumerRecord<String, byte[]>> handler;
    private final Promise<Void> caughtUp = Promise.promise();
    private final Map<TopicPartition, Long> remaining = new HashMap<>();
    private final List<KafkaConsumerRecord<String, byte[]>> buffered = new ArrayList<>();
    private long timerId = -1;

    /** @param topics in the order their buffered records are handed over */
    public HistoryFollower(Vertx vertx, Map<String, String> consumerConfig, List<String> topics, Duration window, Clock clock,
                           Handler<KafkaConsumerRecord<String, byte[]>> handler) {
        this.vertx = vertx;
        this.consumer = KafkaConsumer.create(vertx, consumerConfig);
        this.topics = List.copyOf(topics);
        this.window = window;
        this.clock = clock;
        this.handler = handler;
    }

    public Future<Void> start() {
        consumer.exceptionHandler(e -> LOG.warn("Error while following {}: {}", topics, e.getMessage()));
        consumer.handler(this::onRecord);
        long since = clock.millis() - window.toMillis();
        return Future.all(topics.stream().map(consumer::partitionsFor).toList()).compose(all -> {
            Set<TopicPartition> tps = new HashSet<>();
            for (int i = 0; i < all.size(); i++) {
                List<io.vertx.kafka.client.common.PartitionInfo> infos = all.resultAt(i);
                infos.forEach(p -> tps.add(new TopicPartition(p.getTopic(), p.getPartition())));
            }
            Map<TopicPartition, Long> times = new HashMap<>();
            tps.forEach(tp -> times.put(tp, since));
            return consumer.endOffsets(tps).compose(ends -> consumer.offsetsForTimes(times).compose(starts ->
                    consumer.assign(tps).compose(v -> seek(tps, ends, starts))));
        }).onSuccess(v -> {
            LOG.info("Reading the last {} of {}: {} partitions to catch up on", window, topics, remaining.size());
            checkCaughtUp();
            if (!remaining.isEmpty()) {
                timerId = vertx.setPeriodic(POSITION_CHECK_MS, id -> checkPositions());
            }
        });
    }

    private Future<Void> seek(Set<TopicPartition> tps, Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndTimestamp> starts) {
        List<Future<Void>> seeks = new ArrayList<>();
        for (TopicPartition tp : tps) {
            OffsetAndTimestamp start = starts.get(tp);
            long end = ends.getOrDefault(tp, 0L);
            long from = start == null ? end : start.getOffset();
            if (from < end) {
                remaining.put(tp, end);
            }
            seeks.add(consumer.seek(tp, from));
        }
        return Future.all(seeks).mapEmpty();
    }

    public Future<Void> caughtUp() {
        return caughtUp.future();
    }

    public boolean isCaughtUp() {
        return caughtUp.future().isComplete();
    }

    public Future<Void> close() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        return consumer.close();
    }

    private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
        if (isCaughtUp()) {
            handler.handle(record);
            return;
        }
        buffered.add(record);
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Long end = remaining.get(tp);
        if (end != null && record.offset() + 1 >= end) {
            remaining.remove(tp);
            checkCaughtUp();
        }
    }

    private void checkPositions() {
        for (Map.Entry<TopicPartition, Long> e : Map.copyOf(remaining).entrySet()) {
            consumer.position(e.getKey()).onSuccess(pos -> {
                if (pos >= e.getValue() && remaining.remove(e.getKey()) != null) {
                    checkCaughtUp();
                }
            });
        }
    }

    private void checkCaughtUp() {
        if (!remaining.isEmpty() || isCaughtUp()) {
            return;
        }
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        buffered.sort(Comparator.<KafkaConsumerRecord<String, byte[]>>comparingInt(r -> topics.indexOf(r.topic()))
                .thenComparingLong(KafkaConsumerRecord::timestamp));
        LOG.info("Caught up with the last {} of {}: {} records", window, topics, buffered.size());
        buffered.forEach(handler::handle);
        buffered.clear();
        caughtUp.complete();
    }
}
