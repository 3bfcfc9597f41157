package io.spotwise.actuator.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.contract.topic.Topics;
import io.spotwise.kafka.local.KafkaBroker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Chaos campaign V7 (docs/reliability.md): a barrier asked for while the broker was away was dropped, so an actuator
 * started during a broker restart never became ready, and one whose partitions moved then held their actions for good.
 */
class OutcomeFollowerBrokerOutageIT {

    @Test
    @DisplayName("A barrier asked for while the broker is down completes once the broker is back")
    void barrierDuringABrokerOutageCompletesAfterIt() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            Map<String, String> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "follower-outage-admin"))) {
                admin.createTopics(List.of(new NewTopic(Topics.OUTCOMES, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            BrokerReachability reachability = new BrokerReachability();
            OutcomeFollower follower = new OutcomeFollower(new HashMap<>(KafkaClients.consumerConfig(kafka, null, "follower-outage")),
                    new CompletedActions(100), reachability, Duration.ofMinutes(15));
            try {
                follower.start();
                await().atMost(Duration.ofSeconds(60)).until(follower::caughtUp);

                broker.stop();
                CompletableFuture<Void> barrier = follower.barrier(); // as the consumer asks when partitions move to it
                await().atMost(Duration.ofSeconds(60)).until(() -> !reachability.isReachable());
                broker.restart();

                await().atMost(Duration.ofSeconds(90)).until(barrier::isDone);
                assertThat(barrier).isCompleted();
                assertThat(reachability.isReachable()).isTrue();
            } finally {
                follower.close();
            }
        }
    }
}
