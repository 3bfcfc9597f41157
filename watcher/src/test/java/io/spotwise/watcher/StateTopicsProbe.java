package io.spotwise.watcher;

import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import io.spotwise.contract.topic.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What the state topics say now to a read_committed reader (the decider): the last record of each key, decoded, with its partition. */
final class StateTopicsProbe {

    record Latest(int partition, byte[] value, String ceType) {
        boolean tombstone() {
            return value == null;
        }
    }

    private final String bootstrapServers;

    StateTopicsProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    Map<String, Latest> latest(String topic) {
        Map<String, Latest> out = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicProbe.readCommitted(bootstrapServers, topic)) {
            var type = r.headers().lastHeader("ce_type");
            out.put(r.key(), new Latest(r.partition(), r.value(), type == null ? null : new String(type.value())));
        }
        return out;
    }

    Optional<Latest> latest(String topic, String key) {
        return Optional.ofNullable(latest(topic).get(key));
    }

    /** The pod's live snapshot, empty when absent or tombstoned. */
    Optional<PodSnapshot> pod(String key) {
        return latest(Topics.PODS, key).filter(l -> !l.tombstone()).map(l -> decode(l.value(), PodSnapshot.class));
    }

    Optional<WorkloadSnapshot> workload(String key) {
        return latest(Topics.WORKLOADS, key).filter(l -> !l.tombstone()).map(l -> decode(l.value(), WorkloadSnapshot.class));
    }

    boolean tombstoned(String topic, String key) {
        return latest(topic, key).map(Latest::tombstone).orElse(false);
    }

    private static <T extends io.spotwise.contract.SpotwiseRecord> T decode(byte[] value, Class<T> type) {
        try {
            return RecordCodec.decode(value, type);
        } catch (RecordReadException e) {
            throw new AssertionError("the watcher wrote an unreadable " + type.getSimpleName(), e);
        }
    }
}
