package io.spotwise.common.kafka;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.PartitionInfo;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads whole topics from the beginning (or from a point in time) and keeps following them: every partition is
 * assigned (no consumer group), so every replica sees everything. {@link #caughtUp()} completes once every record
 * below the end offset each partition had when {@link #start()} ran has reached the handler (not merely been fetched)
 * — the point where a rebuilt state is as complete as the topics were. Records reach the handler on the Vert.x
 * context that called {@link #start()}, in partition order, each offset once: the consumer may fetch before the
 * initial seek lands (from the reset position), so records before the start offset and records already handed over
 * are dropped here.
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
    /** Per partition, the offset after the last record a poll returned: what the client may still hold undelivered. */
    private final Map<TopicPartition, Long> fetched = new HashMap<>();
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
        Map<String, String> config = new HashMap<>(consumerConfig);
        // From the beginning: the reset policy puts a newly assigned partition at its log start, with no seek (below)
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = KafkaConsumer.create(vertx, config);
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.since = since;
    }

    public Future<Void> start() {
        consumer.exceptionHandler(e -> LOG.warn("Error while following {}: {}", topics, e.getMessage()));
        consumer.handler(this::onRecord);
        consumer.batchHandler(this::onBatch);
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
            // fetched is never cleared: a batch announced before a seek (since != null) that the seek cut short is fetched
            // again from the seek and handed over up to at least that offset; clearing it here could also forget a batch
            // polled after the assignment and still being handed over (a premature caught-up)
            checkCaughtUp();
            if (!remaining.isEmpty()) {
                timerId = vertx.setPeriodic(POSITION_CHECK_MS, id -> checkPositions());
            }
        });
    }

    private Future<Void> seek(Set<TopicPartition> tps, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> starts) {
        if (since == null) {
            // No seek: the reset policy (earliest) already starts every partition at its log start. A seek would
            // drop the batch the client may be handing over at that moment (it resets its iterator) and restart
            // the partition under a position check that then sees positions from before and after it.
            return Future.succeededFuture();
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

    /** Called on the context when a poll's records are queued for delivery, before the first of them is handed over. */
    private void onBatch(KafkaConsumerRecords<String, byte[]> batch) {
        ConsumerRecords<String, byte[]> records = batch.records();
        for (var tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> polled = records.records(tp);
            if (!polled.isEmpty()) {
                fetched.merge(new TopicPartition(tp.topic(), tp.partition()), polled.get(polled.size() - 1).offset() + 1, Math::max);
            }
        }
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

    /**
     * Compaction and transaction markers can leave no record at the last offsets before the end: positions decide then,
     * but only together with what was handed over. The consumer's position moves when a poll returns, while the client
     * (vertx-kafka-client 5, KafkaReadStreamImpl) hands that poll's records over ten per context task; a position read
     * meanwhile is past records still queued. {@code position()} runs on the client's single worker thread after any
     * poll that moved it, and each poll's batch is queued on this context (announced to {@link #onBatch}) before the
     * position's answer: so when the answer arrives, {@link #fetched} covers every record below that position, and the
     * partition is caught up once those have all been handed over.
     */
    private void checkPositions() {
        for (Map.Entry<TopicPartition, Long> e : Map.copyOf(remaining).entrySet()) {
            consumer.position(e.getKey()).onSuccess(pos -> {
                TopicPartition tp = e.getKey();
                boolean delivered = next.getOrDefault(tp, 0L) >= fetched.getOrDefault(tp, 0L);
                if (pos >= e.getValue() && delivered && remaining.remove(tp) != null) {
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
