package io.spotwise.common.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.kafka.DeadLetters;
import io.spotwise.contract.topic.ClusterId;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Contract between every writer and every reader of a fleet's topics: records are built by the writers' own code. */
class ForeignRecordsTest {

    private static final Fleet A = Fleet.of("cluster-a", "");
    private static final Fleet B = Fleet.of("cluster-b", "");

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> sent) {
        return new ConsumerRecord<>(sent.topic(), 0, 7L, 0L, TimestampType.CREATE_TIME, 0, 0, sent.key(), sent.value(),
                sent.headers(), Optional.empty());
    }

    private static ProducerRecord<String, byte[]> deadLetter(Fleet fleet) {
        return DeadLetters.record("decider", fleet, Clock.systemUTC(), fleet.topics().actions(), 0, 3, "shop/web",
                "{".getBytes(StandardCharsets.UTF_8), "malformed JSON", null);
    }

    @Test
    @DisplayName("a record written by cluster A goes to A's topic with A's id in header and JSON; A reads it, B ignores and counts it")
    void otherClustersRecordsAreIgnoredAndCounted() {
        ProducerRecord<String, byte[]> sent = deadLetter(A);
        assertThat(sent.topic()).isEqualTo("spotwise.cluster-a.dead-letter");
        assertThat(new String(sent.headers().lastHeader(ClusterId.HEADER).value(), StandardCharsets.UTF_8)).isEqualTo("cluster-a");
        assertThat(new String(sent.value(), StandardCharsets.UTF_8)).contains("\"cluster\":\"cluster-a\"");

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThat(new ForeignRecords(A.cluster(), registry).ours(consumed(sent))).isTrue();
        ForeignRecords b = new ForeignRecords(B.cluster(), registry);
        assertThat(b.ours(consumed(sent))).isFalse();
        assertThat(b.ours(consumed(sent))).isFalse();
        assertThat(registry.get(ForeignRecords.METRIC).tag("topic", sent.topic()).counter().count()).isEqualTo(2.0);
    }

    @Test
    @DisplayName("a record without the header (an older writer) belongs to cluster 'default'")
    void noHeaderIsDefault() {
        ConsumerRecord<String, byte[]> old = new ConsumerRecord<>("spotwise.actions", 0, 1L, 0L, TimestampType.CREATE_TIME, 0, 0,
                "shop/web", new byte[0], new RecordHeaders(), Optional.empty());
        assertThat(new ForeignRecords(ClusterId.DEFAULT, null).ours(old)).isTrue();
        assertThat(new ForeignRecords("cluster-a", null).ours(old)).isFalse();
    }
}
