package io.spotwise.watcher.publish;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.KafkaClients;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/** Producer properties of the state topics: idempotent, acks=all, bounded blocking so the publisher stays responsive. */
public final class ProducerSettings {

    /** The writer role; its transactional id is {@code spotwise-watcher} in the default cluster. */
    static final String SERVICE = "watcher";

    private ProducerSettings() {
    }

    /** {@code kafka}: pass-through settings ({@code KAFKA_*}); defaults below apply when not set there. */
    public static Map<String, Object> of(Map<String, String> kafka, String clientId) {
        // Idempotent, acks=all, String keys, byte[] values: common's settings, which user values cannot weaken.
        Map<String, Object> p = new HashMap<>(KafkaClients.producerConfig(kafka, clientId));
        // A broker outage must surface within seconds (not-ready, failed sends re-queued), not after 2 minutes.
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        return p;
    }

    /** The same, transactional: the writer role's id, so each new leader's producer fences the previous one's. */
    public static Map<String, Object> transactional(Map<String, String> kafka, String clientId) {
        return transactional(kafka, clientId, Fleet.DEFAULT);
    }

    /** The same for one cluster of a fleet: transactional id {@code spotwise[-<cluster>]-watcher} (docs/fleet.md). */
    public static Map<String, Object> transactional(Map<String, String> kafka, String clientId, Fleet fleet) {
        Map<String, Object> p = of(kafka, clientId);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, fleet.kafkaId(SERVICE));
        // a SIGKILLed leader's open transaction holds the decider (read_committed) back until this or its successor's init
        p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
        return p;
    }
}
