package io.spotwise.decider.replay;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.fleet.ForeignRecords;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.ReadToEnd;
import io.spotwise.contract.Action;
import io.spotwise.contract.Decision;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import io.spotwise.contract.topic.TopicNames;
import io.spotwise.contract.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the recorded history (the two state topics, {@code spotwise.decisions} and {@code spotwise.actions}) from the
 * beginning up to the end offsets seen at start, committed records only, into one time-ordered list. Unreadable
 * records are skipped and counted (they are the services' dead letters already).
 */
public final class HistoryReader {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryReader.class);

    private final TopicNames topics;
    private final ForeignRecords foreign;
    private int unreadable;

    /** Reads one cluster's history: its topics, and only its records (docs/fleet.md). */
    public HistoryReader(Fleet fleet) {
        this.topics = fleet.topics();
        this.foreign = new ForeignRecords(fleet.cluster(), null);
    }

    public List<Recorded> read(Map<String, String> kafka, Duration timeout) {
        Map<String, String> config = KafkaClients.consumerConfig(kafka, null, "spotwise-replay");
        List<Recorded> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(new HashMap<>(config))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.workloads(), topics.pods(), topics.decisions(), topics.actions())) {
                List<TopicPartition> tps = ReadToEnd.partitions(consumer, topic, timeout);
                if (tps.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist (is this the Kafka Spotwise writes to?)");
                }
                partitions.addAll(tps);
            }
            ReadToEnd.partitions(consumer, partitions, timeout, r -> {
                Recorded fact = foreign.ours(r) ? fact(r) : null;
                if (fact != null) {
                    out.add(fact);
                }
            });
        }
        out.sort(Comparator.comparing(Recorded::at).thenComparingInt(Recorded::rank));
        return out;
    }

    public int unreadable() {
        return unreadable;
    }

    private Recorded fact(ConsumerRecord<String, byte[]> r) {
        Instant at = Instant.ofEpochMilli(r.timestamp());
        try {
            return switch (String.valueOf(topics.role(r.topic()))) {
                case Topics.WORKLOADS -> new Recorded.Workload(at, WorkloadRef.parseKey(r.key()),
                        r.value() == null ? null : RecordCodec.decode(r.value(), WorkloadSnapshot.class, r.topic(), r.partition(), r.offset()));
                case Topics.PODS -> new Recorded.Pod(at, r.key(),
                        r.value() == null ? null : RecordCodec.decode(r.value(), PodSnapshot.class, r.topic(), r.partition(), r.offset()), r.partition());
                case Topics.DECISIONS -> { // ordered by when it was decided, before the pod it let in (the send comes later)
                    Decision d = RecordCodec.decode(r.value(), Decision.class, r.topic(), r.partition(), r.offset());
                    yield new Recorded.Admission(d.decidedAt(), d);
                }
                default -> new Recorded.Act(at, RecordCodec.decode(r.value(), Action.class, r.topic(), r.partition(), r.offset()));
            };
        } catch (RecordReadException | IllegalArgumentException e) {
            unreadable++;
            LOG.debug("Skipping an unreadable record of {}-{} at {}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            return null;
        }
    }
}
