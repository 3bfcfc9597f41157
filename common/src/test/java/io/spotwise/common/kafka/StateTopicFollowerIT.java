package io.spotwise.common.kafka;

import static io.spotwise.common.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import io.spotwise.contract.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
class StateTopicFollowerIT {

    @Test
    @DisplayName("reads everything from the beginning, reports caught-up at the start-time end offsets, then follows live")
    void catchesUpThenFollows() throws Exception {
        Map<String, String> kafka = Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "follower-test"))) {
            admin.createTopics(List.of(new NewTopic("follow.a", Optional.of(3), Optional.of((short) 1)),
                    new NewTopic("follow.empty", Optional.of(2), Optional.of((short) 1)))).all().get();
            TopicBootstrap.awaitLeaders(admin, List.of("follow.a", "follow.empty"), 30_000);
        }
        Vertx vertx = Vertx.vertx();
        KafkaProducer<String, byte[]> producer = KafkaProducer.create(vertx, KafkaClients.producerConfig(kafka, "follower-producer"));
        List<Future<?>> sends = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sends.add(producer.send(KafkaProducerRecord.create("follow.a", "k" + (i % 50), ("v" + i).getBytes(StandardCharsets.UTF_8))));
        }
        await(Future.all(sends));

        Map<String, String> latest = new ConcurrentHashMap<>();
        StateTopicFollower follower = new StateTopicFollower(vertx, KafkaClients.consumerConfig(kafka, null, "follower"),
                List.of("follow.a", "follow.empty"), r -> latest.put(r.key(), new String(r.value(), StandardCharsets.UTF_8)));
        await(follower.start());
        await(follower.caughtUp());
        assertThat(follower.records()).isEqualTo(300);
        assertThat(latest).hasSize(50).containsEntry("k0", "v250").containsEntry("k49", "v299");

        await(producer.send(KafkaProducerRecord.create("follow.a", "k0", "live".getBytes(StandardCharsets.UTF_8))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(latest).containsEntry("k0", "live"));

        await(follower.close());
        await(producer.close());
        await(vertx.close());
    }

    @Test
    @DisplayName("a record that cannot be read goes to spotwise.dead-letter with its bytes, origin and the error")
    void deadLetters() throws Exception {
        Map<String, String> kafka = Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "dl-test"))) {
            TopicBootstrap.ensure(admin, Topics.all(6, (short) 1, Duration.ofDays(1)), true, 30_000);
        }
        Vertx vertx = Vertx.vertx();
        KafkaProducer<String, byte[]> producer = KafkaProducer.create(vertx, KafkaClients.producerConfig(kafka, "dl-producer"));
        DeadLetters deadLetters = new DeadLetters(producer, "decider", Fleet.DEFAULT, Clock.systemUTC());
        byte[] bad = "{\"schemaVersion\":1, \"pod\":".getBytes(StandardCharsets.UTF_8);
        RecordReadException error = catchRead(bad);
        await(deadLetters.send(Topics.PODS, 4, 123, "shop/web-1", bad, error.reason(), error.field()));
        await(deadLetters.send(Topics.PODS, 4, 124, "shop/web-2", new byte[] {(byte) 0xff, (byte) 0xfe}, "not UTF-8", null));

        List<ConsumerRecord<String, byte[]>> letters = TopicProbe.readAll(SharedKafkaBroker.bootstrapServers(), Topics.DEAD_LETTER)
                .stream().filter(r -> r.key() != null && r.key().startsWith("shop/web-"))
                .sorted(java.util.Comparator.comparing(ConsumerRecord::key)).toList();
        assertThat(letters).hasSize(2);
        DeadLetter first = RecordCodec.decode(letters.get(0).value(), DeadLetter.class);
        assertThat(first.sourceTopic()).isEqualTo(Topics.PODS);
        assertThat(first.partition()).isEqualTo(4);
        assertThat(first.offset()).isEqualTo(123);
        assertThat(first.value()).isEqualTo("{\"schemaVersion\":1, \"pod\":");
        assertThat(first.error()).contains("malformed JSON");
        assertThat(first.service()).isEqualTo("decider");
        assertThat(RecordCodec.decode(letters.get(1).value(), DeadLetter.class).value()).isEqualTo("base64://4=");
        await(producer.close());
        await(vertx.close());
    }

    private static RecordReadException catchRead(byte[] bad) {
        try {
            RecordCodec.decode(bad, io.spotwise.contract.PodSnapshot.class);
            throw new AssertionError("expected a read error");
        } catch (RecordReadException e) {
            return e;
        }
    }
}
