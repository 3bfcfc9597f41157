package io.spotwise.decider.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.kafka.WorkloadPartitioner;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.topic.Topics;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.support.StateTopics;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The records of the four topics, applied in every order Kafka may hand them over (partitions are read side by side):
 * the state must end the same.
 */
class StateRecordsIT {

    private static final int PARTITIONS = 3;
    private static final WorkloadRef WEB = WorkloadRef.deployment("shop", "web");

    private final SpotState state = new SpotState(PolicySettings.DEFAULTS);
    private final List<Action> seen = new ArrayList<>();
    private final StateRecords records = new StateRecords(new DeadLetterDesk(null, () -> null), Clock.systemUTC(), new SimpleMeterRegistry(),
            seen::add, o -> {}, Duration.ofMinutes(20));
    private long offset;

    /** A pod first published without its workload (ReplicaSet not seen yet), then moved to the workload's partition. */
    private record Move(KafkaConsumerRecord<String, byte[]> liveOld, KafkaConsumerRecord<String, byte[]> tombstoneOld,
            KafkaConsumerRecord<String, byte[]> liveNew) {
    }

    static Stream<Arguments> orders() {
        return Stream.of(
                Arguments.of("live: tombstone of the old partition read before the new record", "old,tomb,new"),
                Arguments.of("live: tombstone of the old partition read after the new record", "old,new,tomb"),
                Arguments.of("rebuild: new partition read first, then the old one", "new,old,tomb"));
    }

    @ParameterizedTest(name = "{0} → the pod stays tracked")
    @MethodSource("orders")
    @DisplayName("a pod whose ReplicaSet arrived late survives its old partition's tombstone in any read order")
    void lateReplicaSet(String name, String order) {
        records.apply(state, workloadRecord());
        Move move = move();
        for (String step : order.split(",")) {
            records.apply(state, switch (step) {
                case "old" -> move.liveOld();
                case "tomb" -> move.tombstoneOld();
                default -> move.liveNew();
            });
        }
        assertThat(state.spotPods(WEB)).isEqualTo(1);
        assertThat(state.podCount()).isEqualTo(1);
    }

    @Test
    @DisplayName("a tombstone on the partition the pod's record came from still deletes it")
    void tombstoneOfTheLivePartitionDeletes() {
        records.apply(state, workloadRecord());
        Move move = move();
        records.apply(state, move.liveNew());
        records.apply(state, record(Topics.PODS, move.liveNew().partition(), move.liveNew().key(), null));
        assertThat(state.podCount()).isZero();
    }

    @Test
    @DisplayName("an outcome read before its action closes it: the action is not in flight and not handed to the ledger")
    void outcomeBeforeAction() {
        records.apply(state, workloadRecord());
        Instant now = Instant.now();
        Action disable = new DisableSpot("a-1", WEB, "uid-web", ActionReason.FALLBACK, now, 0, now.plusSeconds(300), now.plusSeconds(120),
                null, null, Duration.ofMinutes(1), new SplitCounts(null, 1, 0, 1, 0, 100, 0));
        Outcome patched = new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, "a-1", ActionType.DISABLE_SPOT, ActionReason.FALLBACK, WEB,
                null, OutcomeResult.PATCHED, "annotated", null, Instant.now());
        records.apply(state, record(Topics.OUTCOMES, 0, WEB.key(), RecordCodec.encode(patched)));
        records.apply(state, record(Topics.ACTIONS, 0, WEB.key(), RecordCodec.encode(disable)));
        assertThat(state.actionsInFlight()).isZero();
        assertThat(seen).isEmpty();
    }

    @Test
    @DisplayName("the actuator's STARTED mark read before its action does not close it: the action is handed to the in-flight ledger")
    void startedMarkBeforeAction() {
        records.apply(state, workloadRecord());
        Instant now = Instant.now();
        Action disable = new DisableSpot("a-2", WEB, "uid-web", ActionReason.FALLBACK, now, 0, now.plusSeconds(300), now.plusSeconds(120),
                new io.spotwise.contract.PodRef("shop", "web-1", "uid-web-1"), Duration.ofSeconds(72), Duration.ofMinutes(1),
                new SplitCounts(null, 1, 0, 1, 0, 100, 0));
        Outcome started = new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, "a-2", ActionType.DISABLE_SPOT, ActionReason.FALLBACK, WEB,
                null, OutcomeResult.STARTED, "effect about to be carried out", null, Instant.now());
        records.apply(state, record(Topics.OUTCOMES, 0, WEB.key(), RecordCodec.encode(started)));
        records.apply(state, record(Topics.ACTIONS, 0, WEB.key(), RecordCodec.encode(disable)));
        assertThat(seen).as("handed to the in-flight ledger").containsExactly(disable);
        assertThat(state.actionsInFlight()).isEqualTo(1);
    }

    private Move move() {
        for (int i = 0;; i++) {
            PodSnapshot withWorkload = StateTopics.pod(WEB, i, true, "Running", "node-1", Instant.now().minusSeconds(60));
            PodSnapshot early = StateTopics.withoutWorkload(withWorkload);
            int oldPartition = WorkloadPartitioner.forPod(early, PARTITIONS);
            int newPartition = WorkloadPartitioner.forPod(withWorkload, PARTITIONS);
            if (oldPartition != newPartition) {
                String key = withWorkload.pod().key();
                return new Move(record(Topics.PODS, oldPartition, key, RecordCodec.encode(early)), record(Topics.PODS, oldPartition, key, null),
                        record(Topics.PODS, newPartition, key, RecordCodec.encode(withWorkload)));
            }
        }
    }

    private KafkaConsumerRecord<String, byte[]> workloadRecord() {
        return record(Topics.WORKLOADS, WorkloadPartitioner.forWorkload(WEB, PARTITIONS), WEB.key(),
                RecordCodec.encode(StateTopics.workload(WEB, true, null, null, null)));
    }

    private KafkaConsumerRecord<String, byte[]> record(String topic, int partition, String key, byte[] value) {
        return new KafkaConsumerRecordImpl<>(new ConsumerRecord<>(topic, partition, offset++, key, value));
    }
}
