package io.spotwise.decider;

import static io.spotwise.decider.DeciderFixture.get;
import static io.spotwise.decider.DeciderFixture.ticks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.common.kafka.WorkloadPartitioner;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.topic.Topics;
import io.spotwise.decider.support.Committed;
import io.spotwise.decider.support.StateTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a restarted decider must remember from the topics (issue 10, "lost state in the decider"), over a real broker:
 * each test restarts its deciders and looks at what reaches spotwise.actions and spotwise.dead-letter.
 */
class DeciderRecoveryIT {

    private static DeciderFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new DeciderFixture();
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    @DisplayName("a pod whose ReplicaSet arrived late stays tracked after its old partition's tombstone, live and after a restart")
    void lateReplicaSet() {
        Map<String, String> env = Map.of();
        Decider d = fx.start("late-a", "lease-late", env);
        await().atMost(Duration.ofSeconds(60)).until(d::isReady);
        WorkloadRef web = WorkloadRef.deployment("shop", "late");
        fx.topics.send(StateTopics.workload(web, true, null, null, null));
        int moved = 0;
        for (int i = 0; moved < 4; i++) {
            PodSnapshot pod = StateTopics.pod(web, i, true, "Running", "node-1", Instant.now().minusSeconds(60));
            PodSnapshot early = StateTopics.withoutWorkload(pod);
            int oldPartition = WorkloadPartitioner.forPod(early, DeciderFixture.PARTITIONS);
            if (oldPartition == WorkloadPartitioner.forPod(pod, DeciderFixture.PARTITIONS)) {
                continue;
            }
            // as the watcher writes it: first without workload; once the ReplicaSet is known, the new record, then the tombstone
            fx.topics.sendRaw(Topics.PODS, oldPartition, pod.pod().key(), RecordCodec.encode(early));
            fx.topics.send(pod);
            fx.topics.flush();
            int expected = moved + 1;
            await().atMost(Duration.ofSeconds(20)).until(() -> get(d.state().call(s -> s.spotPods(web))) == expected);
            fx.topics.sendRaw(Topics.PODS, oldPartition, pod.pod().key(), null);
            moved++;
        }
        // a barrier on every partition: once these are applied, so are the tombstones before them
        WorkloadRef marker = WorkloadRef.deployment("shop", "late-marker");
        for (int p = 0; p < DeciderFixture.PARTITIONS; p++) {
            PodSnapshot m = StateTopics.pod(marker, p, false, "Running", "node-1", Instant.now());
            fx.topics.sendRaw(Topics.PODS, p, m.pod().key(), RecordCodec.encode(m));
        }
        fx.topics.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> get(d.state().call(s -> s.onDemandPods(marker))) == DeciderFixture.PARTITIONS);
        assertThat((int) get(d.state().call(s -> s.spotPods(web)))).as("live: no pod vanished").isEqualTo(4);

        fx.stop(d);
        Decider again = fx.start("late-a", "lease-late", env);
        await().atMost(Duration.ofSeconds(60)).until(again::isReady);
        assertThat((int) get(again.state().call(s -> s.spotPods(web)))).as("rebuilt: no pod vanished").isEqualTo(4);
        fx.stop(again);
    }

    @Test
    @DisplayName("after a restart, answered actions are not in flight: the next outage of the workload gets its DISABLE_SPOT")
    void restartForgetsAnsweredActions() {
        Map<String, String> env = Map.of("SPOTWISE_FALLBACK_DURATION", "5s");
        Decider d = fx.start("outage-a", "lease-outage", env);
        await().atMost(Duration.ofSeconds(60)).until(() -> d.isReady() && d.isLeader());
        WorkloadRef w = WorkloadRef.deployment("shop", "outage");
        fx.topics.send(StateTopics.workload(w, true, null, null, null));
        PodSnapshot first = StateTopics.pod(w, 1, true, "Pending", null, Instant.now().minusSeconds(600));
        fx.topics.send(first);
        fx.topics.flush();
        Action disable = fallback(w, 1);
        fx.topics.tombstone(first);
        fx.topics.flush();

        fx.stop(d);
        Decider again = fx.start("outage-a", "lease-outage", env);
        await().atMost(Duration.ofSeconds(60)).until(() -> again.isReady() && again.isLeader());
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(((DisableSpot) disable).disabledUntil()));
        fx.topics.send(StateTopics.pod(w, 2, true, "Pending", null, Instant.now().minusSeconds(600)));
        fx.topics.flush();
        fallback(w, 2);

        assertThat(fx.actions(w)).extracting(Action::type)
                .containsExactly(ActionType.DISABLE_SPOT, ActionType.EVICT_POD, ActionType.DISABLE_SPOT, ActionType.EVICT_POD);
        fx.stop(again);
    }

    /** Waits for the n-th outage's DISABLE_SPOT and EVICT_POD, answering each as the actuator does; returns the disable. */
    private static Action fallback(WorkloadRef w, int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.actions(w).size() >= 2 * n - 1);
        Action disable = fx.actions(w).get(2 * n - 2);
        assertThat(disable.type()).isEqualTo(ActionType.DISABLE_SPOT);
        answer(w, disable, OutcomeResult.PATCHED);
        await().atMost(Duration.ofSeconds(30)).until(() -> fx.actions(w).size() >= 2 * n);
        answer(w, fx.actions(w).get(2 * n - 1), OutcomeResult.EVICTED);
        return disable;
    }

    private static void answer(WorkloadRef w, Action a, OutcomeResult result) {
        fx.topics.send(new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, a.id(), a.type(), a.reason(), w, a instanceof PodEviction e ? e.pod() : null, result, "done", null,
                Instant.now()));
        fx.topics.flush();
    }

    @Test
    @DisplayName("an unchanged bad spot-config is reported once, not again by each restarted leader")
    void badConfigReportedOnce() {
        WorkloadRef w = WorkloadRef.deployment("shop", "badconfig");
        fx.topics.send(StateTopics.workload(w, true, "{\"percentage\":150}", 150, null));
        fx.topics.flush();
        for (int restart = 0; restart < 3; restart++) {
            Decider d = fx.start("config-a", "lease-config", Map.of());
            await().atMost(Duration.ofSeconds(60)).until(() -> d.isReady() && d.isLeader());
            double t = ticks(d);
            await().atMost(Duration.ofSeconds(20)).until(() -> ticks(d) >= t + 5);
            await().atMost(Duration.ofSeconds(20)).until(() -> fx.actions(w).size() >= 1);
            // the actuator wrote the SpotConfigInvalid Event and answered
            Action report = fx.actions(w).get(0);
            fx.topics.send(new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, report.id(), report.type(), report.reason(), w, null,
                    OutcomeResult.REPORTED, "event written", null, Instant.now()));
            fx.topics.flush();
            fx.stop(d);
        }
        assertThat(fx.actions(w)).extracting(Action::type).containsExactly(ActionType.REPORT_CONFIG_INVALID);
    }

    @Test
    @DisplayName("each unreadable record is dead-lettered once, by two replicas, over two restarts")
    void deadLetteredOnce() {
        fx.topics.sendRaw(Topics.PODS, 0, "shop/garbage-1", "{not json".getBytes(StandardCharsets.UTF_8));
        fx.topics.sendRaw(Topics.PODS, 1, "shop/garbage-2", "[]".getBytes(StandardCharsets.UTF_8));
        fx.topics.sendRaw(Topics.WORKLOADS, 2, "not-a-workload-key", "{}".getBytes(StandardCharsets.UTF_8));
        fx.topics.flush();
        for (int round = 0; round < 3; round++) {
            Decider a = fx.start("letters-a", "lease-letters", Map.of());
            Decider b = fx.start("letters-b", "lease-letters", Map.of());
            await().atMost(Duration.ofSeconds(60)).until(() -> a.isReady() && b.isReady() && (a.isLeader() || b.isLeader()));
            await().atMost(Duration.ofSeconds(30)).until(() -> Committed.deadLetters(fx.bootstrap(), "decider").size() >= 3
                    && a.pendingDeadLetters() + b.pendingDeadLetters() < 6);
            Decider leader = a.isLeader() ? a : b;
            double t = ticks(leader);
            await().atMost(Duration.ofSeconds(20)).until(() -> ticks(leader) >= t + 5);
            fx.stop(a);
            fx.stop(b);
        }
        List<DeadLetter> letters = Committed.deadLetters(fx.bootstrap(), "decider");
        assertThat(letters).extracting(DeadLetter::key).containsExactlyInAnyOrder("shop/garbage-1", "shop/garbage-2", "not-a-workload-key");
    }
}
