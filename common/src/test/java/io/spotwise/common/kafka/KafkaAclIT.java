package io.spotwise.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.Config;
import io.spotwise.common.testing.SecureKafkaBroker;
import io.spotwise.contract.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The ACLs of {@link KafkaAccess} on a real broker with SASL_SSL, SCRAM and the standard authorizer. Every client
 * here is configured the way the services configure theirs: from {@code SPOTWISE_KAFKA_*} variables.
 */
class KafkaAclIT {

    @BeforeAll
    static void broker() {
        SecureKafkaBroker.broker();
    }

    @Test
    @DisplayName("each service's own credentials pass its start-up topic check (DESCRIBE, DESCRIBE_CONFIGS; no CREATE)")
    void startUpCheckWithOwnCredentials() throws Exception {
        for (String user : List.of(KafkaAccess.WATCHER, KafkaAccess.DECIDER, KafkaAccess.ACTUATOR)) {
            try (Admin admin = Admin.create(KafkaClients.adminConfig(clientSettings(user), user + "-check"))) {
                TopicBootstrap.ensure(admin, Topics.all(3, (short) 1, Duration.ofDays(7)), false, 30_000);
            }
        }
    }

    @Test
    @DisplayName("the watcher writes the state topics, transactionally as spotwise-watcher, but cannot write an action")
    void watcher() throws Exception {
        Map<String, String> watcher = clientSettings(KafkaAccess.WATCHER);
        send(watcher, Topics.PODS);
        send(watcher, Topics.WORKLOADS);
        sendTransactionally(watcher, "spotwise-watcher", Topics.PODS);

        assertThatThrownBy(() -> send(watcher, Topics.ACTIONS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> sendTransactionally(watcher, "spotwise-decider", Topics.PODS))
                .isInstanceOf(TransactionalIdAuthorizationException.class);
    }

    @Test
    @DisplayName("the decider reads state and writes actions, but cannot forge state")
    void decider() throws Exception {
        Map<String, String> decider = clientSettings(KafkaAccess.DECIDER);
        send(decider, Topics.ACTIONS);
        sendTransactionally(decider, "spotwise-decider", Topics.ACTIONS);
        read(decider, null, Topics.PODS);
        read(decider, null, Topics.OUTCOMES);
        read(decider, null, Topics.DEAD_LETTER); // its own dead letters, read back so each is written once

        assertThatThrownBy(() -> send(decider, Topics.PODS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> send(decider, Topics.OUTCOMES)).hasCauseInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    @DisplayName("the actuator reads actions in its own group and writes outcomes, but cannot write an action or use another group")
    void actuator() throws Exception {
        Map<String, String> actuator = clientSettings(KafkaAccess.ACTUATOR);
        read(actuator, KafkaAccess.ACTUATOR_GROUP, Topics.ACTIONS);
        send(actuator, Topics.OUTCOMES);
        send(actuator, Topics.DEAD_LETTER);
        sendTransactionally(actuator, "spotwise-actuator-actuator-0", Topics.OUTCOMES);

        assertThatThrownBy(() -> send(actuator, Topics.ACTIONS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read(actuator, "someone-else", Topics.ACTIONS)).isInstanceOf(GroupAuthorizationException.class);
        assertThatThrownBy(() -> read(actuator, null, Topics.PODS)).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    @DisplayName("an anonymous client reads nothing, writes nothing and sees no topic; a wrong password is refused")
    void anonymousAndWrongPassword() throws Exception {
        Map<String, String> anonymous = Map.of("bootstrap.servers", SecureKafkaBroker.broker().openBootstrapServers());
        for (String topic : List.of(Topics.ACTIONS, Topics.PODS, Topics.OUTCOMES)) {
            assertThatThrownBy(() -> send(anonymous, topic)).hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> read(anonymous, null, topic)).isInstanceOf(TopicAuthorizationException.class);
        }
        try (Admin admin = Admin.create(KafkaClients.adminConfig(anonymous, "anonymous"))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).isEmpty();
        }

        Map<String, String> wrong = new HashMap<>(clientSettings(KafkaAccess.WATCHER));
        wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"spotwise-watcher\" password=\"guess\";");
        assertThatThrownBy(() -> send(wrong, Topics.PODS)).hasCauseInstanceOf(SaslAuthenticationException.class);
    }

    /** The client settings a service with this principal builds from its environment. */
    static Map<String, String> clientSettings(String user) {
        return Config.from(SecureKafkaBroker.environment(user), CommonKeys.all()).kafka();
    }

    private static void send(Map<String, String> settings, String topic) throws Exception {
        Map<String, Object> c = new HashMap<>(KafkaClients.producerConfig(settings, "acl-test"));
        c.put("max.block.ms", "30000");
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(c)) {
            p.send(new ProducerRecord<>(topic, "acl-test", new byte[] {'{', '}'})).get(30, TimeUnit.SECONDS);
        }
    }

    private static void sendTransactionally(Map<String, String> settings, String transactionalId, String topic) {
        Map<String, Object> c = new HashMap<>(KafkaClients.producerConfig(settings, "acl-test-tx"));
        c.put("transactional.id", transactionalId);
        c.put("max.block.ms", "30000");
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(c)) {
            p.initTransactions();
            p.beginTransaction();
            p.send(new ProducerRecord<>(topic, "acl-test", new byte[] {'{', '}'}));
            p.commitTransaction();
        }
    }

    /** Reads from the start (assign without a group, or subscribe-like commit with one). */
    private static void read(Map<String, String> settings, String group, String topic) {
        Map<String, Object> c = new HashMap<>(KafkaClients.consumerConfig(settings, group, "acl-test-read"));
        c.put("default.api.timeout.ms", "30000");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            consumer.poll(Duration.ofSeconds(2));
            if (group != null) {
                consumer.commitSync(Map.of(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(consumer.position(tp))));
            }
        }
    }
}
