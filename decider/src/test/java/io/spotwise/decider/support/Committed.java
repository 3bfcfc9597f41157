package io.spotwise.decider.support;

import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.Action;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.topic.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What a read_committed consumer (the actuator, the decider) sees on a topic: only committed transactions. */
public final class Committed {

    private Committed() {
    }

    public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        return TopicProbe.readCommitted(bootstrap, topic);
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
