package io.spotwise.common.testing;

import io.spotwise.common.kafka.ReadToEnd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads every record currently in a topic (from the beginning to the end offsets), for assertions. */
public final class TopicProbe {

    private TopicProbe() {
    }

    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic) {
        return readAll(bootstrapServers, topic, false);
    }

    /** Only records of committed transactions (and non-transactional ones), as a {@code read_committed} consumer sees them. */
    public static List<ConsumerRecord<String, byte[]>> readCommitted(String bootstrapServers, String topic) {
        return readAll(bootstrapServers, topic, true);
    }

    /** As {@link #readCommitted(String, String)} on a broker that needs more than an address (TLS, SASL): an admin's settings. */
    public static List<ConsumerRecord<String, byte[]>> readCommitted(Map<String, ?> clientSettings, String topic) {
        return readAll(clientSettings, topic, true);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrapServers, String topic, boolean committed) {
        return readAll(Map.of("bootstrap.servers", bootstrapServers), topic, committed);
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(Map<String, ?> clientSettings, String topic, boolean committed) {
        Properties p = new Properties();
        p.putAll(clientSettings);
        p.put("isolation.level", committed ? "read_committed" : "read_uncommitted");
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            ReadToEnd.topic(consumer, topic, Duration.ofSeconds(20), out::add);
        }
        return out;
    }

    /** The last value per key (null for a tombstone), i.e. what a compacted topic means. */
    public static Map<String, byte[]> latestByKey(String bootstrapServers, String topic) {
        Map<String, byte[]> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(bootstrapServers, topic)) {
            latest.put(r.key(), r.value());
        }
        return latest;
    }
}
