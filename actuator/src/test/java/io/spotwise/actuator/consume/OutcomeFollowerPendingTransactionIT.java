package io.spotwise.actuator.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.topic.Topics;
import io.spotwise.kafka.local.KafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Chaos campaign V11 (docs/reliability.md): a replica restarted while its predecessor's last transaction was not yet
 * visible to {@code read_committed} readers took the last stable offset of that moment for "everything committed", so
 * its memory missed outcomes committed a moment later and it redid their actions.
 */
class OutcomeFollowerPendingTransactionIT {

    private static final OutcomeRecords RECORDS = new OutcomeRecords("spotwise-actuator", Fleet.DEFAULT);
    private static KafkaBroker broker;
    private static Map<String, String> kafka;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start();
        kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "pending-txn-admin"))) {
            admin.createTopics(List.of(new NewTopic(Topics.OUTCOMES, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    @DisplayName("A barrier asked for while another replica's transaction is open waits for it, and then holds its outcomes")
    void barrierWaitsForAnOpenTransaction() throws Exception {
        CompletedActions memory = new CompletedActions(100);
        try (OutcomeFollower follower = follower(memory, "open-txn");
             Producer<String, byte[]> other = transactional("spotwise-actuator-other")) {
            String actionId = UUID.randomUUID().toString();
            other.initTransactions();
            other.beginTransaction();
            other.send(RECORDS.outcome(patched(actionId))).get(30, TimeUnit.SECONDS); // in the log, not yet committed

            CompletableFuture<Void> barrier = follower.barrier(); // as when the partition moves to this replica
            AtomicReference<Boolean> rememberedAtRelease = new AtomicReference<>();
            barrier.thenRun(() -> rememberedAtRelease.set(memory.contains(actionId)));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !barrier.isDone());

            other.commitTransaction();
            await().atMost(Duration.ofSeconds(60)).until(barrier::isDone);
            assertThat(rememberedAtRelease.get()).as("the committed outcome was in the memory when the barrier released").isTrue();
        }
    }

    @Test
    @DisplayName("A restarted replica settles its predecessor's open transaction at start instead of waiting for its timeout")
    void restartedReplicaSettlesItsPredecessorsTransaction() throws Exception {
        CompletedActions memory = new CompletedActions(100);
        String transactionalId = "spotwise-actuator-restarted";
        try (Producer<String, byte[]> predecessor = transactional(transactionalId)) {
            String actionId = UUID.randomUUID().toString();
            predecessor.initTransactions();
            predecessor.beginTransaction();
            predecessor.send(RECORDS.outcome(patched(actionId))).get(30, TimeUnit.SECONDS); // then SIGKILLed: never ended

            try (OutcomeFollower follower = follower(memory, "restarted");
                 OutcomeTransactions successor = new OutcomeTransactions(() -> transactional(transactionalId), new BrokerReachability())) {
                successor.init(); // what the restarted replica's consumer does before it reads any action
                // The predecessor's transaction times out only after 5 minutes: the barrier is released because the
                // successor's start aborted it, and an aborted outcome is not a completed action.
                await().atMost(Duration.ofSeconds(60)).until(follower::caughtUp);
                assertThat(memory.contains(actionId)).isFalse();
            }
        }
    }

    private static OutcomeFollower follower(CompletedActions memory, String name) {
        OutcomeFollower follower = new OutcomeFollower(new HashMap<>(KafkaClients.consumerConfig(kafka, null, "follower-" + name)),
                memory, new BrokerReachability(), Duration.ofMinutes(15));
        follower.start();
        return follower;
    }

    private static Producer<String, byte[]> transactional(String transactionalId) {
        Map<String, Object> c = new HashMap<>(KafkaClients.producerConfig(kafka, transactionalId));
        c.put("transactional.id", transactionalId);
        c.put("transaction.timeout.ms", String.valueOf(Duration.ofMinutes(5).toMillis()));
        c.put("max.block.ms", "10000");
        return new KafkaProducer<>(c);
    }

    private static Outcome patched(String actionId) {
        return new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, actionId, ActionType.WRITE_STATUS, ActionReason.STATUS,
                WorkloadRef.deployment("shop", "web"), null, OutcomeResult.PATCHED, "status written", null, Instant.now());
    }
}
