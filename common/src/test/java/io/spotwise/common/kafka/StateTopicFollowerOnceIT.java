package io.spotwise.common.kafka;

import static io.spotwise.common.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.common.testing.SharedKafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.kafka.client.producer.RecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A restarted decider reads its action history through this follower: each record must reach it exactly once. */
@ExtendWith(SharedKafkaBroker.class)
class StateTopicFollowerOnceIT {

    @Test
    @DisplayName("following from a point in time hands over each record of the window once, in offset order, and none before it")
    void windowHandedOverOnce() throws Exception {
        Map<String, String> kafka = Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "once-admin"))) {
            admin.createTopics(List.of(new NewTopic("follow.once", Optional.of(1), Optional.of((short) 1)))).all().get();
            TopicBootstrap.awaitLeaders(admin, List.of("follow.once"), 30_000);
        }
        Vertx vertx = Vertx.vertx();
        KafkaProducer<String, byte[]> producer = KafkaProducer.create(vertx, KafkaClients.producerConfig(kafka, "once-producer"));
        Instant now = Instant.now();
        for (int i = 0; i < 20; i++) {
            // ten records before the window, ten in it (record timestamps set explicitly)
            Instant at = i < 10 ? now.minusSeconds(3600) : now.minusSeconds(10);
            await(producer.send(KafkaProducerRecord.create("follow.once", "k", ("v" + i).getBytes(StandardCharsets.UTF_8), at.toEpochMilli(), 0)));
        }
        List<Long> handed = new CopyOnWriteArrayList<>();
        StateTopicFollower follower = new StateTopicFollower(vertx, KafkaClients.consumerConfig(kafka, null, "once"), List.of("follow.once"),
                r -> handed.add(r.offset()), now.minusSeconds(60));
        await(follower.start());
        await(follower.caughtUp());
        RecordMetadata marker = await(producer.send(KafkaProducerRecord.create("follow.once", "k", "marker".getBytes(StandardCharsets.UTF_8))));
        await().atMost(Duration.ofSeconds(20)).until(() -> handed.contains(marker.getOffset()));

        assertThat(handed).containsExactly(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
        await(follower.close());
        await(producer.close());
        await(vertx.close());
    }
}
