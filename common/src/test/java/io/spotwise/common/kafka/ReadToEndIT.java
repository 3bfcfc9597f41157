package io.spotwise.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.common.testing.SharedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
class ReadToEndIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final Map<String, String> kafka = Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers());

    @Test
    @DisplayName("hands over every committed record of every partition, skips aborted ones, and does not wait for an open transaction")
    void committedRecordsUpToTheEnd() throws Exception {
        createTopic("read-to-end.a", 3);
        try (KafkaProducer<String, byte[]> committed = producer("read-to-end-committed");
             KafkaProducer<String, byte[]> open = producer("read-to-end-open")) {
            committed.beginTransaction();
            for (int i = 0; i < 10; i++) {
                committed.send(new ProducerRecord<>("read-to-end.a", 0, "k" + i, bytes("v" + i)));
                committed.send(new ProducerRecord<>("read-to-end.a", 1, "k" + i, bytes("w" + i)));
            }
            committed.commitTransaction();
            committed.beginTransaction();
            committed.send(new ProducerRecord<>("read-to-end.a", 0, "aborted", bytes("x")));
            committed.abortTransaction();
            open.beginTransaction();
            open.send(new ProducerRecord<>("read-to-end.a", 1, "open", bytes("y"))).get();

            List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
            long count;
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                count = ReadToEnd.topic(consumer, "read-to-end.a", TIMEOUT, seen::add);
            }

            assertThat(count).isEqualTo(20).isEqualTo(seen.size());
            assertThat(seen).extracting(ConsumerRecord::key).doesNotContain("aborted", "open");
            assertThat(seen.stream().filter(r -> r.partition() == 0).map(r -> text(r.value())))
                    .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
            open.abortTransaction();
        }
    }

    @Test
    @DisplayName("a topic that does not exist reads as empty")
    void missingTopic() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            assertThat(ReadToEnd.partitions(consumer, "read-to-end.missing", TIMEOUT)).isEmpty();
            assertThat(ReadToEnd.topic(consumer, "read-to-end.missing", TIMEOUT, r -> {
                throw new AssertionError("no record expected: " + r);
            })).isZero();
        }
    }

    @Test
    @DisplayName("reads only the partitions asked for")
    void chosenPartitions() throws Exception {
        createTopic("read-to-end.b", 2);
        try (KafkaProducer<String, byte[]> producer = producer("read-to-end-b")) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("read-to-end.b", 0, "zero", bytes("0")));
            producer.send(new ProducerRecord<>("read-to-end.b", 1, "one", bytes("1")));
            producer.commitTransaction();
        }
        List<String> keys = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            ReadToEnd.partitions(consumer, List.of(new TopicPartition("read-to-end.b", 1)), TIMEOUT, r -> keys.add(r.key()));
        }
        assertThat(keys).containsExactly("one");
    }

    private void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "read-to-end-admin"))) {
            admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.of((short) 1)))).all().get();
            TopicBootstrap.awaitLeaders(admin, List.of(name), 30_000);
        }
    }

    private KafkaProducer<String, byte[]> producer(String transactionalId) {
        Map<String, Object> c = new HashMap<>(KafkaClients.producerConfig(kafka, transactionalId));
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(c);
        producer.initTransactions();
        return producer;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(new HashMap<>(KafkaClients.consumerConfig(kafka, null, "read-to-end")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
