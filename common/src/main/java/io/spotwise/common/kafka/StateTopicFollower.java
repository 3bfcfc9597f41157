package io.spotwise.common.kafka;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.PartitionInfo;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads whole topics from the beginning (or from a point in time) and keeps following them: every partition is
 * assigned (no consumer group), so every replica sees everything. {@link #caughtUp()} completes once every partition
 * has been read up to the end offset it had when {@link #start()} ran — the point where a rebuilt state is as
 * complete as the topics were. Records reach the handler on the Vert.x context that called {@link #start()}, in
 * partition order, each offset once: the consumer may fetch before the initial seek lands (from the reset position),
 * so records before the start offset and records already handed over are dropped here.
 */
public final class StateTopicFollower {

    private static final Logger LOG = LoggerFactory.getLogger(StateTopicFollower.class);
    private static final long POSITION_CHECK_MS = 200;

    private final Vertx vertx;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final Handler<KafkaConsumerRecord<String, byte[]>> handler;
    private final Instant since;
    private final Promise<Void> caughtUp = Promise.promise();
    private final Map<TopicPartition, Long> remaining = new HashMap<>();
    /** Per partition, the next offset the handler may see: start offset, then last handed-over offset + 1. */
    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();
    private long timerId = -1;
    private long records;

    /** @param consumerConfig from {@link KafkaClients#consumerConfig} with a null group id */
    public StateTopicFollower(Vertx vertx, Map<String, String> consumerConfig, List<String> topics,
                              Handler<KafkaConsumerRecord<String, byte[]>> handler) {
        this(vertx, consumerConfig, topics, handler, null);
    }

    /** @param since read records from this time on (by record timestamp); null: from the beginning */
    public StateTopicFollower(Vertx vertx, Map<String, String> consumerConfig, List<String> topics,
                              Handler<KafkaConsumerRecord<String, byte[]>> handler, Instant since) {
        this.vertx = vertx;
        this.consumer = KafkaConsumer.create(vertx, consumerConfig);
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.since = since;
    }

    public Future<Void> start() {
        consumer.exceptionHandler(e -> LOG.warn("Error while following {}: {}", topics, e.getMessage()));
        consumer.handler(this::onRecord);
        Future<Set<TopicPartition>> partitions = Future.all(topics.stream().map(consumer::partitionsFor).toList())
                .map(all -> {
                    Set<TopicPartition> tps = new HashSet<>();
                    for (int i = 0; i < all.size(); i++) {
                        List<PartitionInfo> infos = all.resultAt(i);
                        infos.forEach(p -> tps.add(new TopicPartition(p.getTopic(), p.getPartition())));
                    }
                    return tps;
                });
        return partitions.compose(tps -> consumer.endOffsets(tps).compose(ends -> startOffsets(tps).compose(starts -> {
            for (TopicPartition tp : tps) {
                long end = ends.getOrDefault(tp, 0L);
                next.put(tp, starts.getOrDefault(tp, end));
                if (starts.getOrDefault(tp, end) < end) {
                    remaining.put(tp, end);
                }
            }
            LOG.info("Reading {} from {}: up to {} records to catch up on over {} partitions", topics,
                    since == null ? "the beginning" : since,
                    remaining.keySet().stream().mapToLong(tp -> remaining.get(tp) - starts.getOrDefault(tp, 0L)).sum(), tps.size());
            return consumer.assign(tps).compose(v -> seek(tps, ends, starts));
        }))).onSuccess(v -> {
            checkCaughtUp();
            if (!remaining.isEmpty()) {
                timerId = vertx.setPeriodic(POSITION_CHECK_MS, id -> checkPositions());
            }
        });
    }

    private Future<Void> seek(Set<TopicPartition> tps, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts) {
        if (since == null) {
            return consumer.seekToBeginning(tps);
        }
        List<Future<Void>> seeks = new ArrayList<>();
        for (TopicPartition tp : tps) {
            seeks.add(consumer.seek(tp, starts.getOrDefault(tp, ends.getOrDefault(tp, 0L))));
        }
        return Future.all(seeks).mapEmpty();
    }

    /** Where each partition starts: offset 0 (the log start, seek clamps it), or the first offset at {@link #since}. */
    private Future<Map<TopicPartition, Long>> startOffsets(Set<TopicPartition> tps) {
        if (since == null) {
            Map<TopicPartition, Long> zero = new HashMap<>();
            tps.forEach(tp -> zero.put(tp, 0L));
            return Future.succeededFuture(zero);
        }
        Map<TopicPartition, Long> times = new HashMap<>();
        tps.forEach(tp -> times.put(tp, since.toEpochMilli()));
        return consumer.offsetsForTimes(times).map(found -> {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            found.forEach((tp, ot) -> {
                if (ot != null) {
                    offsets.put(tp, ot.getOffset());
                }
            });
            return offsets;
        });
    }

    /** Completes when every partition has been read up to its end offset at start. */
    public Future<Void> caughtUp() {
        return caughtUp.future();
    }

    public boolean isCaughtUp() {
        return caughtUp.future().isComplete();
    }

    /** Records handled so far. */
    public long records() {
        return records;
    }

    public Future<Void> close() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        return consumer.close();
    }

    /** Per partition, the offset after the last record handed over (or the start offset): what lag is measured from. */
    public Map<TopicPartition, Long> handedOver() {
        return Map.copyOf(next);
    }

    private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
        TopicPartition tp = new TopicPartition(record.topic(), record.partition());
        Long expected = next.get(tp);
        if (expected == null || record.offset() < expected) {
            LOG.debug("Skipping {}-{}@{}: before the start offset or handed over already", record.topic(), record.partition(), record.offset());
            return;
        }
        next.put(tp, record.offset() + 1);
        records++;
        handler.handle(record);
        if (!remaining.isEmpty()) {
            Long end = remaining.get(tp);
            if (end != null && record.offset() + 1 >= end) {
                remaining.remove(tp);
                checkCaughtUp();
            }
        }
    }

    /** Compaction can remove the last offsets before the end: positions, not records, decide then. */
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
        if (remaining.isEmpty() && !caughtUp.future().isComplete()) {
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
            }
            LOG.info("Caught up with {} after {} records", topics, records);
            caughtUp.complete();
        }
    }
}
