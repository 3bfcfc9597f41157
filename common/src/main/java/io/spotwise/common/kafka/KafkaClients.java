package io.spotwise.common.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka client settings of the services: keys are UTF-8 strings, values JSON bytes ({@code RecordCodec}). Producers are
 * idempotent with acks=all; consumers never auto-commit (handlers have side effects). User-supplied {@code KAFKA_*}
 * settings come first and the safety settings below override them.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    public static Map<String, String> producerConfig(Map<String, String> kafka, String clientId) {
        Map<String, String> c = new HashMap<>(kafka);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        c.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        c.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        c.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return c;
    }

    public static Map<String, String> consumerConfig(Map<String, String> kafka, String groupId, String clientId) {
        Map<String, String> c = new HashMap<>(kafka);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId != null) {
            c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Every Spotwise topic is written by transactional producers: never read an aborted or open transaction.
        c.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return c;
    }

    /** Settings for an admin client ({@code TopicBootstrap}). */
    public static Map<String, Object> adminConfig(Map<String, String> kafka, String clientId) {
        Map<String, Object> c = new HashMap<>(kafka);
        c.put("client.id", clientId);
        c.putIfAbsent("request.timeout.ms", "15000");
        c.putIfAbsent("default.api.timeout.ms", "30000");
        return c;
    }
}
