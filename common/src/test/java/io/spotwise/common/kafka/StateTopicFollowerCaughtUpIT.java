package io.spotwise.common.kafka;

import static io.spotwise.common.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.vertx.core.Vertx;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Caught up means rebuilt: when {@link StateTopicFollower#caughtUp()} completes, the handler has seen every record below
 * the end offsets of the start, even when one poll fetches tens of thousands of records that the client hands over ten
 * per context task while the consumer's position is already at the end.
 */
@ExtendWith(SharedKafkaBroker.class)
class StateTopicFollowerCaughtUpIT {

    private static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("caught up only once every record below the start-time end offsets has reached the handler (large polls)")
    void caughtUpAfterEveryRecord() throws Exception {
        String topic = "follow.bulk";
        createTopic(topic);
        Map<String, String> kafka = Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
        Map<Integer, Long> ends = new HashMap<>();
        try (KafkaProducer<String, byte[]> producer = producer(null)) {
            for (int i = 0; i < 80_000; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "pod-" + i, value(i)));
                ends.merge(i % PARTITIONS, 1L, Long::sum);
            }
            producer.flush();
        }
        Map<Integer, Long> handedAtCaughtUp = followToCaughtUp(kafka, topic);
        assertThat(handedAtCaughtUp).isEqualTo(ends);
    }

    @Test
    @DisplayName("a partition whose tail holds no record (commit markers, an aborted transaction) still counts as caught up")
    void caughtUpOverTransactionTail() throws Exception {
        String topic = "follow.txn";
        createTopic(topic);
        Map<String, String> kafka = Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = producer("follow-txn-test")) {
            producer.initTransactions();
            producer.beginTransaction();
            for (int i = 0; i < 4_000; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "pod-" + i, value(i)));
            }
            producer.commitTransaction();
            producer.beginTransaction();
            for (int p = 0; p < PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(topic, p, "aborted", value(-1)));
            }
            producer.flush();
            producer.abortTransaction();
        }
        Map<Integer, Long> handedAtCaughtUp = followToCaughtUp(kafka, topic);
        assertThat(handedAtCaughtUp).isEqualTo(Map.of(0, 1_000L, 1, 1_000L, 2, 1_000L, 3, 1_000L));
    }

    /** Records handed over per partition at the moment caughtUp() completes (read on the follower's context). */
    private static Map<Integer, Long> followToCaughtUp(Map<String, String> kafka, String topic) {
        Vertx vertx = Vertx.vertx();
        try {
            Map<String, String> config = KafkaClients.consumerConfig(kafka, null, topic + "-follower");
            // large polls, as the watcher's scan asks for (5000) and more: a poll's records take many context tasks
            config.put("max.poll.records", "20000");
            config.put("max.partition.fetch.bytes", String.valueOf(16 * 1024 * 1024));
            Map<Integer, Long> handed = new ConcurrentHashMap<>();
            Map<String, String> nodes = new ConcurrentHashMap<>();
            AtomicReference<Map<Integer, Long>> atCaughtUp = new AtomicReference<>();
            StateTopicFollower follower = new StateTopicFollower(vertx, config, List.of(topic), r -> {
                nodes.put(r.key(), readNode(r.value()));
                handed.merge(r.partition(), 1L, Long::sum);
            });
            follower.caughtUp().onSuccess(v -> atCaughtUp.set(Map.copyOf(handed)));
            await(follower.start());
            await(follower.caughtUp());
            await(follower.close());
            return atCaughtUp.get();
        } finally {
            await(vertx.close());
        }
    }

    private static void createTopic(String topic) throws Exception {
        Map<String, String> kafka = Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, topic + "-admin"))) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(PARTITIONS), Optional.of((short) 1)))).all().get();
            TopicBootstrap.awaitLeaders(admin, List.of(topic), 30_000);
        }
    }

    private static KafkaProducer<String, byte[]> producer(String transactionalId) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
        config.put("acks", "all");
        config.put("linger.ms", "20");
        if (transactionalId != null) {
            config.put("transactional.id", transactionalId);
        }
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** What a state rebuild does with a record: decode it and keep what it says. */
    private static String readNode(byte[] value) {
        try {
            return JSON.readTree(value).path("spec").path("nodeName").asText();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] value(int seq) {
        return ("{\"schemaVersion\":1,\"seq\":" + seq + ",\"metadata\":{\"namespace\":\"shop\",\"name\":\"web-" + seq
                + "\",\"labels\":{\"app\":\"web\",\"pod-template-hash\":\"5d9f7c\"},\"ownerReferences\":[{\"kind\":\"ReplicaSet\","
                + "\"name\":\"web-5d9f7c\"}]},\"spec\":{\"nodeName\":\"node-" + (seq % 97) + "\",\"capacityType\":\"spot\"},"
                + "\"status\":{\"phase\":\"Running\",\"ready\":true}}").getBytes(StandardCharsets.UTF_8);
    }
}
