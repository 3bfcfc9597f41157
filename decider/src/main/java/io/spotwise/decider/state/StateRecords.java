package io.spotwise.decider.state;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.fleet.ForeignRecords;
import io.spotwise.contract.Action;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import io.spotwise.contract.topic.TopicNames;
import io.spotwise.contract.topic.Topics;
import io.spotwise.decider.policy.state.SpotState;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the records of the four topics the decider reads into state changes. A record that cannot be read (bad JSON,
 * a missing field, a key that is no workload key) is counted, handed to the {@link DeadLetterDesk} (which writes it to
 * the dead-letter topic once) and skipped: one bad record never stops the decider.
 */
public final class StateRecords {

    private static final Logger LOG = LoggerFactory.getLogger(StateRecords.class);

    private final DeadLetterDesk deadLetters;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();
    private final Consumer<Action> actionSeen;
    private final Consumer<Outcome> outcomeSeen;
    private final AnsweredActions answered;
    private final TopicNames topics;
    private final ForeignRecords foreign;

    /**
     * @param actionSeen   told of every action read back from spotwise.actions (ours or a previous leader's)
     * @param outcomeSeen  told of every outcome, after the state applied it
     * @param remember     how long an answered action id is remembered (an action read after it is dropped)
     */
    public StateRecords(DeadLetterDesk deadLetters, Clock clock, MeterRegistry registry, Consumer<Action> actionSeen,
                        Consumer<Outcome> outcomeSeen, Duration remember) {
        this(deadLetters, clock, registry, actionSeen, outcomeSeen, remember, Fleet.DEFAULT);
    }

    /** @param fleet this cluster's topic names; records of another cluster are ignored and counted ({@link ForeignRecords}) */
    public StateRecords(DeadLetterDesk deadLetters, Clock clock, MeterRegistry registry, Consumer<Action> actionSeen,
                        Consumer<Outcome> outcomeSeen, Duration remember, Fleet fleet) {
        this.topics = fleet.topics();
        this.foreign = new ForeignRecords(fleet.cluster(), registry, topics.workloads(), topics.pods(), topics.actions(), topics.outcomes());
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.registry = registry;
        this.actionSeen = actionSeen;
        this.outcomeSeen = outcomeSeen;
        this.answered = new AnsweredActions(remember);
    }

    /** Applies one record to the state; must run on the state's context. */
    public void apply(SpotState state, KafkaConsumerRecord<String, byte[]> record) {
        if (!foreign.ours(record)) {
            return;
        }
        String role = topics.role(record.topic());
        try {
            switch (role == null ? "" : role) {
                case Topics.WORKLOADS -> workload(state, record);
                case Topics.PODS -> pod(state, record);
                case Topics.OUTCOMES -> outcome(state, record);
                case Topics.ACTIONS -> action(state, record);
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
            state.removePod(record.key(), Instant.ofEpochMilli(record.timestamp()), record.partition());
            return;
        }
        PodSnapshot snapshot = decode(record, PodSnapshot.class);
        if (!snapshot.pod().key().equals(record.key())) {
            throw new IllegalArgumentException("key '" + record.key() + "' does not match the snapshot's pod " + snapshot.pod().key());
        }
        state.apply(snapshot, record.partition());
    }

    private void outcome(SpotState state, KafkaConsumerRecord<String, byte[]> record) throws RecordReadException {
        if (record.value() == null) {
            return;
        }
        Outcome outcome = decode(record, Outcome.class);
        LOG.debug("Outcome {} of action {} for {}", outcome.result(), outcome.actionId(), outcome.workload());
        if (outcome.result().terminal()) { // a STARTED mark answers nothing: its action is still being carried out
            answered.add(outcome, clock.instant());
        }
        state.apply(outcome, clock.instant());
        outcomeSeen.accept(outcome);
    }

    /**
     * An action read back. One whose outcome came first (the topics are read side by side) still leaves its lasting
     * marks (the owner's stabilization period), then its outcome is applied again to close it; it is not in flight.
     */
    private void action(SpotState state, KafkaConsumerRecord<String, byte[]> record) throws RecordReadException {
        if (record.value() == null) {
            return;
        }
        Action action = decode(record, Action.class);
        state.apply(action, clock.instant());
        Outcome early = answered.outcomeOf(action.id());
        if (early != null) {
            LOG.debug("Action {} for {} was answered before it was read back", action.id(), action.workload());
            state.apply(early, clock.instant());
            return;
        }
        actionSeen.accept(action);
    }

    private static <T extends SpotwiseRecord> T decode(KafkaConsumerRecord<String, byte[]> record, Class<T> type)
            throws RecordReadException {
        return RecordCodec.decode(record.value(), type, record.topic(), record.partition(), record.offset());
    }

    private void deadLetter(KafkaConsumerRecord<String, byte[]> record, String reason, String field) {
        deadLettered.computeIfAbsent(record.topic(), t -> Counter.builder("spotwise.decider.dead.letters").tag("topic", t)
                .description("records that could not be read and went to spotwise.dead-letter").register(registry)).increment();
        LOG.warn("Unreadable record {}-{}@{} key '{}': {}{}", record.topic(), record.partition(), record.offset(), record.key(),
                field == null ? "" : "field '" + field + "': ", reason);
        deadLetters.note(record.topic(), record.partition(), record.offset(), record.key(), record.value(), reason, field);
    }
}
