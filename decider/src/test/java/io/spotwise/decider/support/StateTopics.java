package io.spotwise.decider.support;

import io.spotwise.common.kafka.WorkloadPartitioner;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.topic.Topics;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes the state topics as the watcher does: contract records via RecordCodec, co-partitioned by workload. */
public final class StateTopics implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final int partitions;

    public StateTopics(String bootstrap, int partitions) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("acks", "all");
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        this.producer = new KafkaProducer<>(p);
        this.partitions = partitions;
    }

    public static WorkloadSnapshot workload(WorkloadRef ref, boolean enabled, String spotConfigRaw, Integer percentage, Integer min) {
        return new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, ref, "uid-" + ref.name(), 10, enabled, spotConfigRaw,
                new SpotConfig(percentage, min), null, null, null, 1, "1", Instant.now());
    }

    /** A pod of ReplicaSet {@code <name>-5d4f8b7c9}. */
    public static PodSnapshot pod(WorkloadRef ref, int index, boolean spot, String phase, String node, Instant createdAt) {
        String name = ref.name() + "-5d4f8b7c9-" + index;
        OwnerRef owner = ref.kind().name().equals("StatefulSet") ? new OwnerRef("StatefulSet", ref.name(), "uid-" + ref.name())
                : new OwnerRef("ReplicaSet", ref.name() + "-5d4f8b7c9", "uid-rs-" + ref.name());
        return new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, new PodRef(ref.namespace(), name, "uid-" + name), ref, owner,
                "5d4f8b7c9", spot, node, node == null ? null : (spot ? "interruptible" : "on-demand"), null, phase,
                node == null ? "False" : "True", node == null ? "Unschedulable" : null, "Running".equals(phase), createdAt, false, "1",
                Instant.now());
    }

    /** The same pod as the watcher publishes it while the pod's ReplicaSet is not in its cache yet: no workload. */
    public static PodSnapshot withoutWorkload(PodSnapshot p) {
        return new PodSnapshot(p.schemaVersion(), p.pod(), null, p.owner(), p.revision(), p.spotAssigned(), p.nodeName(), p.nodeCapacityType(),
                p.nodeDisruption(), p.phase(), p.scheduledStatus(), p.scheduledReason(), p.ready(), p.createdAt(), p.deleting(),
                p.resourceVersion(), p.observedAt());
    }

    public static PodSnapshot observedAt(PodSnapshot p, Instant observedAt) {
        return new PodSnapshot(p.schemaVersion(), p.pod(), p.workload(), p.owner(), p.revision(), p.spotAssigned(), p.nodeName(),
                p.nodeCapacityType(), p.nodeDisruption(), p.phase(), p.scheduledStatus(), p.scheduledReason(), p.ready(), p.createdAt(),
                p.deleting(), p.resourceVersion(), observedAt);
    }

    public void send(WorkloadSnapshot w) {
        producer.send(new ProducerRecord<>(Topics.WORKLOADS, WorkloadPartitioner.forWorkload(w.workload(), partitions), w.workload().key(),
                RecordCodec.encode(w)));
    }

    public void send(PodSnapshot pod) {
        producer.send(new ProducerRecord<>(Topics.PODS, WorkloadPartitioner.forPod(pod, partitions), pod.pod().key(), RecordCodec.encode(pod)));
    }

    public void tombstone(PodSnapshot pod) {
        producer.send(new ProducerRecord<>(Topics.PODS, WorkloadPartitioner.forPod(pod, partitions), pod.pod().key(), null));
    }

    /** What the watcher publishes once the actuator patched spot-disabled-until. */
    public static WorkloadSnapshot disabled(WorkloadRef ref, Instant until) {
        return new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, ref, "uid-" + ref.name(), 10, true, null,
                SpotConfig.EMPTY, null, until.toString(), until, 1, "2", Instant.now());
    }

    /** What the actuator publishes after acting. */
    public void send(Outcome outcome) {
        producer.send(new ProducerRecord<>(Topics.OUTCOMES, outcome.workload().key(), RecordCodec.encode(outcome)));
    }

    /** Raw bytes, for malformed records. */
    public void sendRaw(String topic, int partition, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
