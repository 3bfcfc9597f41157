package io.spotwise.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.topic.TopicSpec;
import io.spotwise.contract.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
class TopicBootstrapIT {

    static Admin admin() {
        return Admin.create(KafkaClients.adminConfig(Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers()), "bootstrap-test"));
    }

    /** The contract's topics renamed under a prefix, so each test has its own set on the shared broker. */
    static List<TopicSpec> specs(String prefix, int partitions) {
        return Topics.all(partitions, (short) 1, Duration.ofHours(1)).stream()
                .map(s -> new TopicSpec(prefix + s.name(), s.partitions(), s.replicationFactor(), s.configs()))
                .toList();
    }

    @Test
    @DisplayName("missing topics are created with their partitions and cleanup policy; a second run changes nothing")
    void createsMissingTopics() throws Exception {
        try (Admin admin = admin()) {
            List<TopicSpec> specs = specs("create.", 3);
            TopicBootstrap.ensure(admin, specs, true, 30_000);
            TopicBootstrap.ensure(admin, specs, true, 30_000);
            Set<String> names = admin.listTopics().names().get();
            assertThat(names).contains("create.spotwise.workloads", "create.spotwise.pods", "create.spotwise.actions",
                    "create.spotwise.outcomes", "create.spotwise.dead-letter");
            assertThat(TopicBootstrap.partitions(admin, "create.spotwise.pods", 10_000)).isEqualTo(3);
            ConfigResource pods = new ConfigResource(ConfigResource.Type.TOPIC, "create.spotwise.pods");
            assertThat(admin.describeConfigs(List.of(pods)).all().get().get(pods).get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    @DisplayName("an existing state topic with cleanup.policy=delete is refused with one clear line naming it")
    void refusesWrongCleanupPolicy() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("bad.spotwise.pods", Optional.of(3), Optional.of((short) 1))
                    .configs(Map.of("cleanup.policy", "delete")))).all().get();
            assertThatThrownBy(() -> TopicBootstrap.ensure(admin, specs("bad.", 3), true, 30_000))
                    .isInstanceOf(TopicBootstrap.IncompatibleTopicException.class)
                    .hasMessageStartingWith("Topic bad.spotwise.pods has cleanup.policy=delete but Spotwise needs compact")
                    .message().doesNotContain("\n");
        }
    }

    @Test
    @DisplayName("state topics with different partition counts are refused: co-partitioning would break")
    void refusesPartitionMismatch() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("skew.spotwise.workloads", Optional.of(2), Optional.of((short) 1))
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
            assertThatThrownBy(() -> TopicBootstrap.ensure(admin, specs("skew.", 3), true, 30_000))
                    .isInstanceOf(TopicBootstrap.IncompatibleTopicException.class)
                    .hasMessageContaining("skew.spotwise.workloads (2 partitions)")
                    .hasMessageContaining("skew.spotwise.pods (3 partitions)")
                    .hasMessageContaining("must have the same partition count");
        }
    }

    @Test
    @DisplayName("with topic creation off, missing topics are refused by name")
    void verifyOnly() {
        try (Admin admin = admin()) {
            assertThatThrownBy(() -> TopicBootstrap.ensure(admin, specs("absent.", 3), false, 30_000))
                    .isInstanceOf(TopicBootstrap.IncompatibleTopicException.class)
                    .hasMessageContaining("absent.spotwise.workloads");
        }
    }

    @Test
    @DisplayName("once a new topic's leaders are awaited, every partition takes a produce on the first try (KAFKA-15591: an idempotent "
            + "producer whose first request met NOT_LEADER_OR_FOLLOWER could lose it)")
    void newPartitionsTakeTheFirstProduce() throws Exception {
        Map<String, Object> once = new HashMap<>(Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers(), "acks", "all",
                "enable.idempotence", "false", "retries", "0", "max.in.flight.requests.per.connection", "1"));
        for (int round = 0; round < 4; round++) {
            String topic = "served." + round;
            try (Admin admin = admin();
                 KafkaProducer<String, String> producer = new KafkaProducer<>(once, new StringSerializer(), new StringSerializer())) {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(64), Optional.of((short) 1)))).all().get();
                TopicBootstrap.awaitLeaders(admin, List.of(topic), 30_000);
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (int p = 0; p < 64; p++) {
                    sent.add(producer.send(new ProducerRecord<>(topic, p, "k", "v")));
                }
                for (int p = 0; p < 64; p++) {
                    assertThat(sent.get(p).get(30, TimeUnit.SECONDS).offset()).as("partition %d of %s, no retry allowed", p, topic).isZero();
                }
            }
        }
    }
}
