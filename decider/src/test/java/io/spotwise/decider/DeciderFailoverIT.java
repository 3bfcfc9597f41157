package io.spotwise.decider;

import static io.spotwise.decider.DeciderFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.leader.ActionEmitter;
import io.spotwise.decider.support.StateTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Leadership changes and a state that falls behind, against a real broker and a simulated API server. */
class DeciderFailoverIT {

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
    @DisplayName("a deposed leader's write after its successor opened its writer is never visible, and it steps down without exiting")
    void deposedLeaderIsFenced() {
        Decider a = fx.start("fence-a", "lease-fence", Map.of());
        await().atMost(Duration.ofSeconds(60)).until(() -> a.isReady() && a.isLeader());
        long epochA = a.leaderEpoch();
        Decider b = fx.start("fence-b", "lease-fence", Map.of());
        await().atMost(Duration.ofSeconds(60)).until(b::isReady);

        // b takes the Lease over while a still believes it leads (a stalled renewal, a skewed clock); a's renewal can
        // change the Lease between the read and the update (409): read and update again
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            Lease lease = fx.kubernetes.leases().inNamespace(DeciderFixture.NAMESPACE).withName("lease-fence").get();
            lease.getSpec().setHolderIdentity("fence-b");
            lease.getSpec().setRenewTime(ZonedDateTime.now());
            fx.kubernetes.leases().inNamespace(DeciderFixture.NAMESPACE).resource(lease).update();
            return true;
        });
        await().atMost(Duration.ofSeconds(30)).until(b::isLeader);
        assertThat(b.leaderEpoch()).isGreaterThan(epochA);

        WorkloadRef w = WorkloadRef.deployment("shop", "zombie");
        Instant now = Instant.now();
        Action late = new EnableSpot("zombie-1", w, "uid-zombie", ActionReason.FALLBACK_WINDOW_ENDED, now, Math.max(0, epochA), now.plusSeconds(300), now,
                new SplitCounts(null, 0, 0, 0, 0, 100, 0));
        io.vertx.core.Future<Void> write = a.writer().write(List.of(ActionEmitter.record(Fleet.DEFAULT, late)));
        await().atMost(Duration.ofSeconds(30)).until(() -> write.isComplete() && !a.isLeader());
        assertThat(write.failed()).as("the deposed leader's write is refused").isTrue();
        assertThat(fx.actions(w)).as("a read_committed reader never sees the deposed leader's action").isEmpty();
        assertThat(a.isReady()).as("the deposed replica keeps running").isTrue();

        // the successor goes away: the deposed replica stood again and leads with a newer epoch
        fx.stop(b);
        await().atMost(Duration.ofSeconds(60)).until(a::isLeader);
        assertThat(a.leaderEpoch()).isGreaterThan(epochA);
        fx.stop(a);
    }

    @Test
    @DisplayName("after a failover the new leader waits the owner set's stabilization period from the old leader's eviction")
    void noSecondVictimAfterFailover() {
        String lease = "lease-victim";
        fx.holdLease(lease);
        Map<String, String> env = Map.of("SPOTWISE_REBALANCE_STABILIZATION_PERIOD", "10s");
        Decider b = fx.start("victim-b", lease, env);
        await().atMost(Duration.ofSeconds(60)).until(b::isReady);
        WorkloadRef w = WorkloadRef.deployment("shop", "victims");
        Instant longAgo = Instant.now().minusSeconds(3600);
        fx.topics.send(new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, w, "uid-victims", 4, true, "{\"percentage\":50}",
                new SpotConfig(50, null), null, null, null, 1, "1", longAgo));
        PodSnapshot newest = null;
        for (int i = 0; i < 4; i++) {
            PodSnapshot p = StateTopics.observedAt(StateTopics.pod(w, i, true, "Running", "spot-" + i, longAgo.plusSeconds(i)), longAgo);
            fx.topics.send(p);
            newest = p;
        }
        fx.topics.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> get(b.state().call(s -> s.spotPods(w))) == 4);

        // the previous leader evicted the newest pod just before it died; the actuator answered
        Instant decided = Instant.now();
        Action first = new RebalanceEviction("old-leader-1", w, "uid-victims", ActionReason.REBALANCE_EXCESS_SPOT, decided, 0,
                decided.plusSeconds(300), newest.pod(), new SplitCounts(null, 4, 0, 2, 2, 50, 0));
        fx.topics.sendRaw(io.spotwise.contract.topic.Topics.ACTIONS, 0, w.key(), io.spotwise.contract.serde.RecordCodec.encode(first));
        fx.topics.send(new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, first.id(), first.type(), first.reason(), w, newest.pod(),
                OutcomeResult.EVICTED, "evicted", null, Instant.now()));
        fx.topics.flush();
        await().atMost(Duration.ofSeconds(20)).until(() -> fx.actions(w).size() == 1);
        fx.freeLease(lease);

        await().atMost(Duration.ofSeconds(60)).until(() -> fx.actions(w).size() >= 2);
        Action second = fx.actions(w).stream().filter(a -> !a.id().equals(first.id())).min(Comparator.comparing(Action::decidedAt)).orElseThrow();
        assertThat(second.type()).isEqualTo(ActionType.EVICT_POD);
        assertThat(((PodEviction) second).pod().name()).isNotEqualTo(newest.pod().name());
        assertThat(second.decidedAt()).as("one eviction per owner set per stabilization period, across leaders")
                .isAfterOrEqualTo(decided.plusSeconds(10));
        assertThat(second.leaderEpoch()).as("stamped with the epoch its leader's fenced writer got").isEqualTo(b.leaderEpoch())
                .isGreaterThan(first.leaderEpoch());
        fx.stop(b);
    }

    @Test
    @DisplayName("/readyz turns 503 while the state falls behind Kafka by more than SPOTWISE_DECIDER_READY_MAX_LAG, and 200 once caught up")
    void readinessFollowsLag() throws Exception {
        Decider d = fx.start("lag-a", "lease-lag", Map.of("SPOTWISE_DECIDER_READY_MAX_LAG", "50"));
        await().atMost(Duration.ofSeconds(60)).until(d::isReady);
        HttpClient http = HttpClient.newHttpClient();
        URI readyz = URI.create("http://localhost:" + d.opsPort() + "/readyz");
        assertThat(status(http, readyz)).isEqualTo(200);

        // the state's thread is busy (a long GC pause, a starved CPU) while the watcher publishes a burst
        CountDownLatch busy = new CountDownLatch(1);
        d.state().run(s -> {
            try {
                busy.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        WorkloadRef w = WorkloadRef.deployment("shop", "burst");
        for (int i = 0; i < 300; i++) {
            fx.topics.send(StateTopics.pod(w, i, false, "Running", "node-1", Instant.now()));
        }
        fx.topics.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(http, readyz) == 503);
        busy.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> status(http, readyz) == 200);
        assertThat((int) get(d.state().call(s -> s.onDemandPods(w)))).isEqualTo(300);
        fx.stop(d);
    }

    private static int status(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
