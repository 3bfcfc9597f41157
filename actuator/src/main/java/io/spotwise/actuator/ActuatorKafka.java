package io.spotwise.actuator;

import io.spotwise.common.kafka.KafkaClients;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actuator's Kafka client settings on top of the shared ones: a static group member ({@code group.instance.id} =
 * SPOTWISE_INSTANCE) with a short session timeout, read_committed everywhere, and a transactional producer whose id
 * names the instance ({@code spotwise-actuator-<instance>}).
 */
final class ActuatorKafka {

    private static final Logger LOG = LoggerFactory.getLogger(ActuatorKafka.class);

    private ActuatorKafka() {
    }

    static Map<String, Object> consumerConfig(ActuatorConfig config, String clientId) {
        Map<String, Object> c = new HashMap<>(KafkaClients.consumerConfig(config.raw().kafka(), config.groupId(), clientId));
        long session = config.get(ActuatorConfig.SESSION_TIMEOUT).toMillis();
        c.put("group.instance.id", config.instance());
        c.put("session.timeout.ms", String.valueOf(session));
        c.putIfAbsent("heartbeat.interval.ms", String.valueOf(Math.max(100, session / 4)));
        c.put("isolation.level", "read_committed");
        c.putIfAbsent("max.poll.records", "500");
        return c;
    }

    /**
     * A static member does not leave its group when it closes; on a graceful stop we remove it, so its partitions move
     * to the other replicas at once instead of after the session timeout. Best effort: a failure only costs that wait.
     */
    static void leaveGroup(ActuatorConfig config) {
        try (Admin admin = Admin.create(KafkaClients.adminConfig(config.raw().kafka(), Actuator.SERVICE + "-leave"))) {
            admin.removeMembersFromConsumerGroup(config.groupId(), new RemoveMembersFromConsumerGroupOptions(
                    List.of(new MemberToRemove(config.instance())))).all().get(5, TimeUnit.SECONDS);
            LOG.info("Left consumer group {} as {}", config.groupId(), config.instance());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Could not leave consumer group {} as {} ({}); its partitions move after the session timeout",
                    config.groupId(), config.instance(), e.toString());
        }
    }

    static Map<String, Object> followerConfig(ActuatorConfig config, String clientId) {
        Map<String, Object> c = new HashMap<>(KafkaClients.consumerConfig(config.raw().kafka(), null, clientId));
        c.put("isolation.level", "read_committed");
        return c;
    }

    static Map<String, Object> producerConfig(ActuatorConfig config, String clientId) {
        Map<String, Object> c = new HashMap<>(KafkaClients.producerConfig(config.raw().kafka(), clientId));
        c.put("transactional.id", config.fleet().kafkaId(Actuator.SERVICE) + "-" + config.instance());
        // Bounds how long one commit may block the consumer thread while the broker is away (then: retried later).
        c.putIfAbsent("max.block.ms", "10000");
        c.putIfAbsent("linger.ms", "0");
        // Our transactions last milliseconds; one left open by a SIGKILLed replica (whose successor has another
        // instance name, so nobody re-inits its id) holds back every read_committed reader until the broker aborts it.
        c.putIfAbsent("transaction.timeout.ms", "15000");
        return c;
    }
}
