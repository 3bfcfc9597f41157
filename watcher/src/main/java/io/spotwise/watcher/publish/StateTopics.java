package io.spotwise.watcher.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.fleet.ForeignRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a state topic from the beginning to the end offsets seen at start and returns the keys that still hold a live
 * record, with the partition each was found on: what a new leader must tombstone when the object no longer exists.
 */
public final class StateTopics {

    /** @param live key → partition of its live record; strays: further live records of a key on other partitions */
    public record Scan(Map<String, Integer> live, List<StateKey> strays) {
    }

    private final Map<String, String> kafka;
    private final String clientId;
    private final Fleet fleet;
    private final ForeignRecords foreign;

    public StateTopics(Map<String, String> kafka, String clientId) {
        this(kafka, clientId, Fleet.DEFAULT, null);
    }

    /** @param registry counts other clusters' records found on the topics (ignored, {@link ForeignRecords}); null: not counted */
    public StateTopics(Map<String, String> kafka, String clientId, Fleet fleet, MeterRegistry registry) {
        this.kafka = kafka;
        this.clientId = clientId;
        this.fleet = fleet;
        this.foreign = new ForeignRecords(fleet.cluster(), registry, fleet.topics().workloads(), fleet.topics().pods());
    }

    /** @param role the topic's role ({@code Topics.PODS} or {@code Topics.WORKLOADS}); this cluster's records of its topic */
    public Scan scan(String role, Duration timeout) {
        String topic = fleet.topics().of(role);
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-scan");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // only committed writes count: a fenced leader's aborted records are no live keys
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<Integer, Map<String, Boolean>> perPartition = new HashMap<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new org.apache.kafka.common.errors.TimeoutException("reading " + topic + " to its end took longer than " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && foreign.ours(r)) {
                        perPartition.computeIfAbsent(r.partition(), p -> new HashMap<>()).put(r.key(), r.value() != null);
                    }
                }
            }
            return merge(role, perPartition);
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Scan merge(String topic, Map<Integer, Map<String, Boolean>> perPartition) {
        Map<String, Integer> live = new HashMap<>();
        List<StateKey> strays = new ArrayList<>();
        perPartition.forEach((partition, keys) -> keys.forEach((key, isLive) -> {
            if (isLive && live.putIfAbsent(key, partition) != null) {
                strays.add(new StateKey(topic, key, partition));
            }
        }));
        return new Scan(live, strays);
    }
}
