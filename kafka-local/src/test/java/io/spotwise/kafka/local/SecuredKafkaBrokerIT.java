package io.spotwise.kafka.local;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SecuredKafkaBrokerIT {

    @Test
    @DisplayName("a secured broker: the admin (super user) works over SASL_SSL; a user without ACLs, a wrong password and an anonymous client get nothing")
    void securedBroker() throws Exception {
        BrokerSecurity security = BrokerSecurity.withUsers(Map.of("alice", "alice-secret"));
        try (KafkaBroker broker = KafkaBroker.startSecured(security);
             Admin admin = Admin.create(new HashMap<>(security.adminClientSettings(broker.bootstrapServers())))) {
            admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("t"));

            Map<String, Object> alice = new HashMap<>(security.adminClientSettings(broker.bootstrapServers()));
            alice.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"alice-secret\";");
            assertTopicDenied(alice);

            Map<String, Object> wrong = new HashMap<>(alice);
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"alice\" password=\"guess\";");
            ExecutionException e = assertThrows(ExecutionException.class, () -> send(wrong));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());

            assertTopicDenied(Map.of("bootstrap.servers", broker.openBootstrapServers()));
        }
    }

    private static void assertTopicDenied(Map<String, Object> client) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> send(client));
        assertInstanceOf(TopicAuthorizationException.class, e.getCause());
    }

    private static void send(Map<String, Object> client) throws Exception {
        Map<String, Object> c = new HashMap<>(client);
        c.put("max.block.ms", "20000");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(c, new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>("t", "k", "v")).get(30, TimeUnit.SECONDS);
        }
    }
}
