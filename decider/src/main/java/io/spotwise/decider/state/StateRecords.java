package io.spotwise.decider.state;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spotwise.common.contract.Action;
import io.spotwise.common.contract.Outcome;
import io.spotwise.common.contract.PodSnapshot;
import io.spotwise.common.contract.WorkloadRef;
import io.spotwise.common.contract.WorkloadSnapshot;
import io.spotwise.common.kafka.DeadLetters;
import io.spotwise.common.kafka.Topics;
import io.spotwise.common.serde.RecordCodec;
import io.spotwise.common.serde.RecordReadException;
import io.spotwise.decider.policy.SpotState;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the records of the four topics the decider reads into state changes. A record that cannot be read (bad JSON,
 * a missing field, a key that is no workload key) goes to the dead-letter topic with the reason, is counted, and is
 * skipped: one bad record never stops the decider.
 */
public final class StateRecords {

    private static final Logger LOG = LoggerFactory.getLogger(StateRecords.class);

    private final DeadLetters deadLetters;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final Consumer<Action> actionSeen;
    private final Consumer<Outcome> outcomeSeen;

    /**
     * @param actionSeen   told of every action read back from spotwise.actions (ours or a previous leader's)
     * @param outcomeSeen  told of every outcome, after the state applied it
     */
    public StateRecords(DeadLetters deadLetters, Clock clock, MeterRegistry registry, Consumer<Action> actionSeen,
                        Consumer<Outcome> outcomeSeen) {
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.registry = registry;
        this.actionSeen = actionSeen;
        this.outcomeSeen = outcomeSeen;
    }

    /** Applies one record to the state; must run on the state's context. */
    public void apply(SpotState state, KafkaConsumerRecord<String, byte[]> record) {
        try {
            switch (record.topic()) {
                case Topics.WORKLOADS -> workload(state, record);
                case Topics.PODS -> pod(state, record);
                case Topics.OUTCOMES -> outcome(state, record);
                case Topics.ACTIONS -> action(record);
                default -> LOG.debug("Ignoring record from unexpected topic {}", record.topic());
            }
        } catch (RecordReadException e) {
            deadLetter(record, e.reason(), e.field());
        } catch (IllegalArgumentException e) {
            deadLetter(record, e.getMessage(), "key");
        }
    }

    private void workload(SpotState state, KafkaConsumerRecord<String, byte[]> record) throws RecordReadException {
        if (record.value() == null) {
            state.removeWorkload(WorkloadRef.parseKey(record.key()));
            return;
        }
        WorkloadSnapshot snapshot = decode(record, WorkloadSnapshot.class);
        if (!snapshot.workload().key().equals(record.key())) {
            throw new IllegalArgumentException("key '" + record.key() + "' does not match the snapshot's workload " + snapshot.workload().key());
        }
        state.apply(snapshot);
    }

    private void pod(SpotState state, KafkaConsumerRecord<String, byte[]> record) throws RecordReadException {
        if (record.key() == null || record.key().indexOf('/') <= 0) {
            throw new IllegalArgumentException("pod key '" + record.key() + "' is not namespace/name");
        }
        if (record.value() == null) {
            state.removePod(record.key(), Instant.ofEpochMilli(record.timestamp()));
            return;
        }
        PodSnapshot snapshot = decode(record, PodSnapshot.class);
        if (!snapshot.pod().key().equals(record.key())) {
            throw new IllegalArgumentException("key '" + record.key() + "' does not match the snapshot's pod " + snapshot.pod().key());
        }
        state.apply(snapshot);
    }

    private void outcome(SpotState state, KafkaConsumerRecord<String, byte[]> record) throws RecordReadException {
        if (record.value() == null) {
            return;
        }
        Outcome outcome = decode(record, Outcome.class);
        LOG.debug("Outcome {} of action {} for {}", outcome.result(), outcome.actionId(), outcome.workload());
        state.apply(outcome, clock.instant());
        outcomeSeen.accept(outcome);
    }

    private void action(KafkaConsumerRecord<String, byte[]> record) throws RecordReadException {
        if (record.value() == null) {
            return;
        }
        actionSeen.accept(decode(record, Action.class));
    }

    private static <T extends io.spotwise.common.contract.SpotwiseRecord> T decode(KafkaConsumerRecord<String, byte[]> record, Class<T> type)
            throws RecordReadException {
        return RecordCodec.decode(record.value(), type, record.topic(), record.partition(), record.offset());
    }

    private void deadLetter(KafkaConsumerRecord<String, byte[]> record, String reason, String field) {
        deadLettered.computeIfAbsent(record.topic(), t -> Counter.builder("spotwise.decider.dead.letters").tag("topic", t)
                .description("records that could not be read and went to spotwise.dead-letter").register(registry)).increment();
        deadLetters.send(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason, field)
                .onFailure(e -> LOG.error("Could not dead-letter {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.toString()));
    }
}
