package io.spotwise.common.kafka;

import static io.spotwise.common.testing.Futures.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.testing.Samples;
import io.spotwise.contract.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every record type through a real Kafka broker with vertx-kafka-client. */
@ExtendWith(SharedKafkaBroker.class)
class ContractRoundTripIT {

    static final int PARTITIONS = 6;
    static Vertx vertx;
    static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void setUp() throws Exception {
        vertx = Vertx.vertx();
        Map<String, String> kafka = Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "test-admin"))) {
            TopicBootstrap.ensure(admin, Topics.all(PARTITIONS, (short) 1, Duration.ofDays(1)), true, 30_000);
        }
        producer = KafkaProducer.create(vertx, KafkaClients.producerConfig(kafka, "round-trip-test"));
    }

    @AfterAll
    static void tearDown() {
        await(producer.close());
        await(vertx.close());
    }

    @Test
    @DisplayName("every record type, its CloudEvents headers and a tombstone come back from the broker as written")
    void everyRecordTypeWithHeadersAndTombstones() throws Exception {
        String topic = Topics.DEAD_LETTER; // a delete-policy topic: the round trip is about bytes, not semantics
        Instant now = Instant.parse("2026-11-28T00:00:00Z");
        List<SpotwiseRecord> sent = Samples.everyType();
        for (SpotwiseRecord r : sent) {
            KafkaProducerRecord<String, byte[]> rec = KafkaProducerRecord.create(topic, "rt/" + r.getClass().getSimpleName(), RecordCodec.encode(r), 0);
            rec.addHeaders(CloudEventHeaders.forRecord(Fleet.DEFAULT, r, "test", "id-" + r.getClass().getSimpleName(), now));
            await(producer.send(rec));
        }
        KafkaProducerRecord<String, byte[]> tomb = KafkaProducerRecord.create(topic, "rt/tombstone", null, 0);
        tomb.addHeaders(CloudEventHeaders.forTombstone(Fleet.DEFAULT, "test", now));
        await(producer.send(tomb));

        List<ConsumerRecord<String, byte[]>> read = TopicProbe.readAll(SharedKafkaBroker.bootstrapServers(), topic).stream()
                .filter(r -> r.key().startsWith("rt/")).toList();
        assertThat(read).hasSize(sent.size() + 1);
        for (int i = 0; i < sent.size(); i++) {
            SpotwiseRecord expected = sent.get(i);
            ConsumerRecord<String, byte[]> got = read.get(i);
            assertThat(RecordCodec.decode(got.value(), expected.getClass(), got.topic(), got.partition(), got.offset())).isEqualTo(expected);
            assertThat(header(got, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
            assertThat(header(got, CloudEventHeaders.TYPE)).isEqualTo(expected.cloudEventType());
            assertThat(header(got, CloudEventHeaders.SOURCE)).isEqualTo("/spotwise/test");
            assertThat(header(got, CloudEventHeaders.ID)).isEqualTo("id-" + expected.getClass().getSimpleName());
            assertThat(header(got, CloudEventHeaders.TIME)).isEqualTo("2026-11-28T00:00:00Z");
            assertThat(header(got, CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        }
        ConsumerRecord<String, byte[]> tombstone = read.get(sent.size());
        assertThat(tombstone.value()).isNull();
        assertThat(header(tombstone, CloudEventHeaders.TYPE)).isEqualTo("io.spotwise.tombstone.v1");
    }

    @Test
    @DisplayName("co-partitioning: for many random workloads, every pod record lands on its workload's partition")
    void podsLandOnTheirWorkloadsPartition() {
        Random random = new Random(42);
        Map<String, Integer> workloadPartition = new HashMap<>();
        Map<String, String> podWorkload = new HashMap<>();
        List<Future<?>> sends = new ArrayList<>();
        for (int w = 0; w < 60; w++) {
            WorkloadRef ref = random.nextBoolean()
                    ? WorkloadRef.deployment("ns-" + random.nextInt(20), "app-" + w)
                    : WorkloadRef.statefulSet("ns-" + random.nextInt(20), "db-" + w);
            WorkloadSnapshot ws = Samples.workload(ref);
            sends.add(producer.send(KafkaProducerRecord.create(Topics.WORKLOADS, ref.key(), RecordCodec.encode(ws),
                    WorkloadPartitioner.forWorkload(ref, PARTITIONS))));
            for (int p = 0; p < 1 + random.nextInt(8); p++) {
                PodSnapshot pod = Samples.pod(ref, ref.name() + "-" + Integer.toHexString(random.nextInt()));
                podWorkload.put(pod.pod().key(), ref.key());
                sends.add(producer.send(KafkaProducerRecord.create(Topics.PODS, pod.pod().key(), RecordCodec.encode(pod),
                        WorkloadPartitioner.forPod(pod, PARTITIONS))));
            }
        }
        await(Future.all(sends));

        for (ConsumerRecord<String, byte[]> r : TopicProbe.readAll(SharedKafkaBroker.bootstrapServers(), Topics.WORKLOADS)) {
            workloadPartition.put(r.key(), r.partition());
        }
        List<ConsumerRecord<String, byte[]>> pods = TopicProbe.readAll(SharedKafkaBroker.bootstrapServers(), Topics.PODS).stream()
                .filter(r -> podWorkload.containsKey(r.key())).toList();
        assertThat(pods).hasSize(podWorkload.size());
        assertThat(workloadPartition.values()).as("workloads spread over several partitions").hasSizeGreaterThan(1);
        for (ConsumerRecord<String, byte[]> pod : pods) {
            assertThat(pod.partition()).as("partition of %s", pod.key()).isEqualTo(workloadPartition.get(podWorkload.get(pod.key())));
        }
    }

    @Test
    @DisplayName("a pod without a workload is partitioned by its own key, deterministically")
    void podWithoutWorkload() {
        PodSnapshot bare = new PodSnapshot(1, new PodRef("default", "debug", "u"), null, null, null, false, null, null, null,
                "Running", null, null, true, null, false, "1", Instant.EPOCH);
        assertThat(WorkloadPartitioner.forPod(bare, PARTITIONS)).isEqualTo(WorkloadPartitioner.partition("default/debug", PARTITIONS));
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
