package io.spotwise.common.kafka;

import static io.spotwise.common.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.testing.Samples;
import io.spotwise.contract.topic.Topics;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The same contract round trip on Testcontainers Kafka where Docker exists; skipped cleanly where it does not. */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka-native:4.1.2");

    @Test
    @DisplayName("topics bootstrap and a workload snapshot round-trips on a containerised broker")
    void roundTrip() throws Exception {
        Map<String, String> kafka = Map.of("bootstrap.servers", KAFKA.getBootstrapServers());
        try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "tc-admin"))) {
            TopicBootstrap.ensure(admin, Topics.all(3, (short) 1, Duration.ofDays(1)), true, 60_000);
        }
        Vertx vertx = Vertx.vertx();
        KafkaProducer<String, byte[]> producer = KafkaProducer.create(vertx, KafkaClients.producerConfig(kafka, "tc"));
        WorkloadSnapshot ws = Samples.workload(Samples.WEB);
        await(producer.send(KafkaProducerRecord.create(Topics.WORKLOADS, Samples.WEB.key(), RecordCodec.encode(ws),
                WorkloadPartitioner.forWorkload(Samples.WEB, 3))));
        byte[] value = TopicProbe.latestByKey(KAFKA.getBootstrapServers(), Topics.WORKLOADS).get(Samples.WEB.key());
        assertThat(RecordCodec.decode(value, WorkloadSnapshot.class)).isEqualTo(ws);
        await(producer.close());
        await(vertx.close());
    }
}
