package io.spotwise.decider.support;

import io.spotwise.contract.Action;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.topic.Topics;
import io.spotwise.contract.serde.RecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** What a read_committed consumer (the actuator, the decider) sees on a topic: only committed transactions. */
public final class Committed {

    private Committed() {
    }

    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        p.put("enable.auto.commit", "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(10));
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end offsets " + ends);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    public static List<Action> actions(String bootstrap, WorkloadRef workload) {
        return readAll(bootstrap, Topics.ACTIONS).stream().filter(r -> r.key().equals(workload.key()))
                .map(r -> decode(r, Action.class)).toList();
    }

    public static List<DeadLetter> deadLetters(String bootstrap, String service) {
        return readAll(bootstrap, Topics.DEAD_LETTER).stream().map(r -> decode(r, DeadLetter.class))
                .filter(d -> service.equals(d.service())).toList();
    }

    private static <T extends SpotwiseRecord> T decode(ConsumerRecord<String, byte[]> r, Class<T> type) {
        try {
            return RecordCodec.decode(r.value(), type);
        } catch (Exception e) {
            throw new AssertionError("unreadable " + type.getSimpleName() + " on " + r.topic(), e);
        }
    }
}
