package io.spotwise.watcher.publish;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Producer properties of the state topics: idempotent, acks=all, bounded blocking so the publisher stays responsive. */
public final class ProducerSettings {

    private ProducerSettings() {
    }

    /** {@code kafka}: pass-through settings ({@code KAFKA_*}); defaults below apply when not set there. */
    public static Map<String, Object> of(Map<String, String> kafka, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putAll(kafka);
        // The contract, not tunable: no duplicates or reordering on retry, and a record is durable when acknowledged.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }
}
