package io.spotwise.chaos;

import io.spotwise.common.kafka.ReadToEnd;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic as raw JSON, independently of the services' own codec (the checker must not share the code it
 * checks; the whole-pipeline benchmark reads spotwise.actions with it too): every partition from the beginning to its end offset, {@code read_committed} or {@code read_uncommitted}.
 */
public final class TopicReader {

    /** One record; {@code value} null when it is not a JSON object. */
    public record Rec(String topic, int partition, long offset, String key, JsonObject value, Map<String, String> headers) {
        String text(String field) {
            return value == null ? null : value.getValue(field) == null ? null : String.valueOf(value.getValue(field));
        }

        JsonObject object(String field) {
            return value == null || !(value.getValue(field) instanceof JsonObject o) ? null : o;
        }

        Instant instant(String field) {
            String t = text(field);
            try {
                return t == null ? null : Instant.parse(t);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private TopicReader() {
    }

    /** @param client the broker address and, on a secured broker, full-access credentials */
    public static List<Rec> read(Map<String, Object> client, String topic, boolean committedOnly) {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<Rec> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = ReadToEnd.partitions(consumer, topic, Duration.ofSeconds(30));
            ReadToEnd.partitions(consumer, partitions, Duration.ofMinutes(2),
                    r -> out.add(new Rec(topic, r.partition(), r.offset(), r.key(), json(r.value()), headers(r))));
        }
        return out;
    }

    private static JsonObject json(String value) {
        try {
            return value == null ? null : new JsonObject(value);
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }

    private static Map<String, String> headers(ConsumerRecord<String, String> r) {
        Map<String, String> h = new HashMap<>();
        for (Header header : r.headers()) {
            h.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return h;
    }
}
