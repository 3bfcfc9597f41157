package io.spotwise.decider.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.fleet.ForeignRecords;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.decider.leader.ActionEmitter;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.state.SpotState;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.impl.KafkaConsumerRecordImpl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The decider reads back actions exactly as its own {@link ActionEmitter} writes them, per cluster of a fleet. */
class StateRecordsFleetTest {

    private static final WorkloadRef WEB = WorkloadRef.deployment("shop", "web");
    private static final Fleet EAST = Fleet.of("east", "spotwise.shared.");
    private static final Fleet WEST = Fleet.of("west", "spotwise.shared.");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Action> seen = new ArrayList<>();

    private StateRecords records(Fleet fleet) {
        return new StateRecords(new DeadLetterDesk(null, () -> null), Clock.systemUTC(), registry, seen::add, o -> {},
                Duration.ofMinutes(20), fleet);
    }

    private static KafkaConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> sent) {
        return new KafkaConsumerRecordImpl<>(new ConsumerRecord<>(sent.topic(), 0, 1L, 0L, TimestampType.CREATE_TIME, 0, 0,
                sent.key(), sent.value(), sent.headers(), Optional.empty()));
    }

    private static Action disable() {
        Instant now = Instant.now();
        return new DisableSpot("a-1", WEB, "uid-web", ActionReason.FALLBACK, now, 0, now.plusSeconds(300), now.plusSeconds(120),
                new PodRef("shop", "web-1", "uid-web-1"), Duration.ofSeconds(72), Duration.ofMinutes(1), new SplitCounts(null, 1, 0, 1, 0, 100, 0));
    }

    @Test
    @DisplayName("east's action on shared topics: east's decider applies it, west's ignores it and counts it under the topic")
    void actionOfAnotherClusterIsIgnored() {
        ProducerRecord<String, byte[]> sent = ActionEmitter.record(EAST, disable());
        SpotState west = new SpotState(PolicySettings.DEFAULTS);
        records(WEST).apply(west, consumed(sent));
        assertThat(seen).isEmpty();
        assertThat(west.actionsInFlight()).isZero();
        assertThat(registry.get(ForeignRecords.METRIC).tag("topic", "spotwise.shared.actions").counter().count()).isEqualTo(1.0);

        SpotState east = new SpotState(PolicySettings.DEFAULTS);
        records(EAST).apply(east, consumed(sent));
        assertThat(seen).hasSize(1);
        assertThat(east.actionsInFlight()).isEqualTo(1);
    }
}
