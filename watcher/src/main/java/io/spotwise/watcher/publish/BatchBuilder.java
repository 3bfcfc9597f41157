package io.spotwise.watcher.publish;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.common.kafka.WorkloadPartitioner;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.topic.Topics;
import io.spotwise.watcher.state.ClusterState;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a transaction's records from the cache, at the moment it is sent (level-based: always the latest state).
 * Partitions are set explicitly (a pod on its workload's partition); the partition of each live record is remembered
 * so that deletes and moves tombstone the right partition. Confined to the watcher's context.
 */
final class BatchBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(BatchBuilder.class);
    private static final String SERVICE = "watcher";

    /** One record of a transaction, acknowledged (or failed) when the transaction ends. */
    record Sent(StateKey key, long changeNanos, Runnable onAck) {
    }

    record Batch(List<ProducerRecord<String, byte[]>> records, List<Sent> sent) {
    }

    /** The partition a live record was sent to; identity matters (a tombstone's ack removes only its own entry). */
    private static final class Placed {
        final int partition;

        Placed(int partition) {
            this.partition = partition;
        }
    }

    private final ClusterState state;
    private final int partitions;
    private final Map<String, Map<String, Placed>> placed = Map.of(Topics.PODS, new HashMap<>(), Topics.WORKLOADS, new HashMap<>());

    private final Fleet fleet;

    /** @param fleet the cluster: records go to its topics, with its id (state keys keep the topics' roles, {@link Topics}) */
    BatchBuilder(ClusterState state, int partitions, Fleet fleet) {
        this.fleet = fleet;
        this.state = state;
        this.partitions = partitions;
    }

    /** What the topic holds, as read at takeover: key → partition of its live record. */
    void load(String topic, Map<String, Integer> live) {
        Map<String, Placed> onTopic = placed.get(topic);
        onTopic.clear();
        live.forEach((key, partition) -> onTopic.put(key, new Placed(partition)));
    }

    /** Keys with a live record on the topic. */
    Set<String> liveKeys(String topic) {
        return placed.get(topic).keySet();
    }

    /** An empty batch for about {@code keys} keys (a move adds a tombstone). */
    static Batch batch(int keys) {
        return new Batch(new ArrayList<>(keys + 8), new ArrayList<>(keys + 8));
    }

    /** Adds the records of {@code keys}, built from the cache now. */
    void add(List<Map.Entry<StateKey, Long>> keys, Batch batch) {
        Instant now = Instant.now();
        for (Map.Entry<StateKey, Long> e : keys) {
            add(e.getKey(), e.getValue(), now, batch);
        }
    }

    private void add(StateKey key, long changeNanos, Instant now, Batch batch) {
        SpotwiseRecord current;
        int partition;
        if (key.topic().equals(Topics.PODS)) {
            PodSnapshot pod = state.podSnapshot(key.key(), now);
            current = pod;
            partition = pod == null ? -1 : WorkloadPartitioner.forPod(pod, partitions);
        } else {
            WorkloadSnapshot workload = state.workloadSnapshot(key.key(), now);
            current = workload;
            partition = workload == null ? -1 : WorkloadPartitioner.forWorkload(workload.workload(), partitions);
        }
        if (key.isStray()) {
            if (partition != key.strayPartition()) {
                send(key, key.strayPartition(), null, now, changeNanos, null, batch);
            }
            return;
        }
        Map<String, Placed> onTopic = placed.get(key.topic());
        Placed previous = onTopic.get(key.key());
        if (current == null) {
            if (previous != null) {
                logGone(key);
                send(key, previous.partition, null, now, changeNanos, () -> onTopic.remove(key.key(), previous), batch);
            }
            return;
        }
        if (previous != null && previous.partition != partition) {
            send(new StateKey(key.topic(), key.key(), previous.partition), previous.partition, null, now, 0, null, batch);
        }
        if (previous == null || previous.partition != partition) {
            onTopic.put(key.key(), new Placed(partition));
        }
        send(key, partition, current, now, changeNanos, null, batch);
    }

    private void send(StateKey key, int partition, SpotwiseRecord value, Instant now, long changeNanos, Runnable onAck, Batch batch) {
        List<KafkaHeader> ce = value == null ? CloudEventHeaders.forTombstone(fleet, SERVICE, now) : CloudEventHeaders.forRecord(fleet, value, SERVICE, null, now);
        List<Header> headers = ce.stream().<Header>map(h -> new RecordHeader(h.key(), h.value().getBytes())).toList();
        batch.records().add(new ProducerRecord<>(fleet.topics().of(key.topic()), partition, key.key(), value == null ? null : RecordCodec.encode(value), headers));
        batch.sent().add(new Sent(key, changeNanos, onAck));
    }

    private static void logGone(StateKey key) {
        if (key.topic().equals(Topics.WORKLOADS)) {
            LOG.info("{} is gone: tombstone", WorkloadRef.parseKey(key.key()));
        } else {
            LOG.debug("Pod({}) is gone: tombstone", key.key());
        }
    }
}
