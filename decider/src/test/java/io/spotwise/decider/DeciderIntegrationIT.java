package io.spotwise.decider;

import static io.spotwise.decider.DeciderFixture.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.topic.Topics;
import io.spotwise.decider.policy.state.WorkloadSummary;
import io.spotwise.decider.support.Reviews;
import io.spotwise.decider.support.StateTopics;
import io.spotwise.decider.support.WebhookClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Whole decider replicas against a real Kafka broker and a fabric8 mock API server (CRUD) holding the Lease. One broker
 * for the class; each test starts its own two replicas on a Lease of its own and uses workloads of its own, so the
 * tests run in any order, alone or together.
 */
class DeciderIntegrationIT {

    private static DeciderFixture fx;
    private String lease;
    private Decider a;
    private Decider b;

    @BeforeAll
    static void startBroker() throws Exception {
        fx = new DeciderFixture();
    }

    @AfterAll
    static void stopBroker() {
        fx.close();
    }

    @BeforeEach
    void startReplicas(TestInfo test) {
        lease = "lease-" + test.getTestMethod().orElseThrow().getName().toLowerCase(Locale.ROOT);
        startPair();
    }

    @AfterEach
    void stopReplicas() {
        fx.stop(a);
        fx.stop(b);
    }

    private void startPair() {
        a = fx.start("decider-a", lease, Map.of());
        b = fx.start("decider-b", lease, Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> a.isReady() && b.isReady() && (a.isLeader() || b.isLeader()));
    }

    @Test
    @DisplayName("a malformed pod record goes to spotwise.dead-letter with the reason, is counted, and the decider moves on")
    void malformedRecordIsDeadLettered() {
        fx.topics.sendRaw(Topics.PODS, 0, "shop/broken", "{not json".getBytes(StandardCharsets.UTF_8));
        fx.topics.sendRaw(Topics.PODS, 1, "shop/no-phase", "{\"schemaVersion\":1,\"pod\":{\"namespace\":\"shop\",\"name\":\"no-phase\"},\"observedAt\":\"2026-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8));
        WorkloadRef ok = WorkloadRef.deployment("shop", "after-bad");
        fx.topics.send(StateTopics.workload(ok, true, null, null, null));
        fx.topics.send(StateTopics.pod(ok, 0, false, "Running", "node-1", Instant.now()));
        fx.topics.flush();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<DeadLetter> letters = TopicProbe.readAll(fx.bootstrap(), Topics.DEAD_LETTER).stream()
                    .map(r -> decode(r, DeadLetter.class)).filter(d -> "decider".equals(d.service())).toList();
            assertThat(letters).extracting(DeadLetter::key).contains("shop/broken", "shop/no-phase");
            assertThat(letters).filteredOn(d -> d.key().equals("shop/no-phase")).first()
                    .satisfies(d -> assertThat(d.field()).isNotBlank());
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> get(a.state().call(s -> s.onDemandPods(ok))) == 1
                && get(b.state().call(s -> s.onDemandPods(ok))) == 1);
        assertThat(a.registry().counter("spotwise.decider.dead.letters", "topic", Topics.PODS).count()).isEqualTo(2.0);
        assertThat(a.isReady()).isTrue();
    }

    @Test
    @DisplayName("the webhook of a caught-up replica places a pod of an opted-in workload on spot over real HTTPS")
    void webhookEndToEnd() {
        WorkloadRef web = WorkloadRef.deployment("shop", "web");
        fx.topics.send(StateTopics.workload(web, true, null, null, null));
        fx.topics.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(b.state().call(s -> s.isEnabled(web))));

        WebhookClient.Answer answer = new WebhookClient(b.tlsMaterial().certificatePem(), b.webhookPort())
                .post(Reviews.podCreate("uid-e2e", "shop", "web"));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.response().path("uid").asText()).isEqualTo("uid-e2e");
        assertThat(answer.patch()).isNotNull();
        assertThat(answer.patch().toString()).contains("/spec/nodeSelector", "/spec/tolerations/-", "/metadata/labels/spotwise.io~1spot-assigned");
        int inFlight = get(b.state().call(s -> s.inFlightAdmissions(web, Instant.now())));
        assertThat(inFlight).isEqualTo(1);
    }

    @Test
    @DisplayName("with two replicas and one Lease, only the leader emits the fallback, once, with CloudEvents headers and the workload key;"
            + " the eviction only after the disable was PATCHED")
    void onlyLeaderEmits() {
        WorkloadRef gate = WorkloadRef.deployment("shop", "gate1");
        pendingSpotWorkload(gate);

        assertThat(awaitActions(gate, 1)).extracting(Action::type).as("no eviction before the disable took effect")
                .containsExactly(ActionType.DISABLE_SPOT);
        patched(gate);
        List<Action> actions = awaitActions(gate, 2);
        assertThat(actions).extracting(Action::type).containsExactly(ActionType.DISABLE_SPOT, ActionType.EVICT_POD);
        Decider leader = a.isLeader() ? a : b;
        Decider follower = leader == a ? b : a;
        assertThat(emitted(leader)).isEqualTo(2.0);
        assertThat(emitted(follower)).isZero();
        ConsumerRecord<String, byte[]> record = TopicProbe.readAll(fx.bootstrap(), Topics.ACTIONS).stream()
                .filter(r -> gate.key().equals(r.key())).findFirst().orElseThrow();
        assertThat(new String(record.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8)).isEqualTo("io.spotwise.action.v2");
        assertThat(new String(record.headers().lastHeader(CloudEventHeaders.SOURCE).value(), StandardCharsets.UTF_8)).isEqualTo("/spotwise/decider");
    }

    @Test
    @DisplayName("a leader that loses the Lease stops emitting at once; the next holder emits what is due, once")
    void leaderLossStopsEmission() {
        fx.holdLease(lease);
        await().atMost(Duration.ofSeconds(20)).until(() -> !a.isLeader() && !b.isLeader());

        WorkloadRef gate = WorkloadRef.deployment("shop", "gate2");
        pendingSpotWorkload(gate);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(a.state().call(s -> s.spotPods(gate))) == 1
                && get(b.state().call(s -> s.spotPods(gate))) == 1);
        double ticksA = ticks(a);
        double ticksB = ticks(b);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks(a) >= ticksA + 3 && ticks(b) >= ticksB + 3);
        assertThat(actionsFor(gate)).as("no replica holds the Lease: nothing may be emitted").isEmpty();

        fx.freeLease(lease);
        assertThat(awaitActions(gate, 1)).extracting(Action::type).containsExactly(ActionType.DISABLE_SPOT);
        patched(gate);
        List<Action> actions = awaitActions(gate, 2);
        assertThat(actions).extracting(Action::type).containsExactly(ActionType.DISABLE_SPOT, ActionType.EVICT_POD);
    }

    @Test
    @DisplayName("a restarted replica rebuilds the same state from the topics and does not repeat actions still in flight")
    void restartRebuildsWithoutDuplicates() throws Exception {
        // two fallbacks whose windows the actuator patched (the watcher republished the workloads); the evictions are still in flight
        for (String name : List.of("restart1", "restart2")) {
            WorkloadRef w = WorkloadRef.deployment("shop", name);
            pendingSpotWorkload(w);
            awaitActions(w, 1);
            patched(w);
            assertThat(awaitActions(w, 2)).extracting(Action::type).containsExactly(ActionType.DISABLE_SPOT, ActionType.EVICT_POD);
        }
        Instant now = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(a.state().call(s -> s.summaries(now)))
                .equals(get(b.state().call(s -> s.summaries(now)))));
        List<WorkloadSummary> before = get(a.state().call(s -> s.summaries(now)));
        int podsBefore = get(a.state().call(s -> s.podCount()));
        int actionsBefore = TopicProbe.readAll(fx.bootstrap(), Topics.ACTIONS).size();
        fx.stop(a);
        fx.stop(b);

        startPair();
        List<WorkloadSummary> after = get(a.state().call(s -> s.summaries(now)));
        int podsAfter = get(a.state().call(s -> s.podCount()));
        assertThat(after).isEqualTo(before);
        assertThat(podsAfter).isEqualTo(podsBefore);

        Decider leader = a.isLeader() ? a : b;
        double ticks = ticks(leader);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks(leader) >= ticks + 5);
        assertThat(TopicProbe.readAll(fx.bootstrap(), Topics.ACTIONS)).hasSize(actionsBefore);
        assertThat(emitted(leader)).isZero();
    }

    /** The actuator's part: the annotation patched (the watcher republishes the workload) and the PATCHED outcome. */
    private static void patched(WorkloadRef w) {
        Action disable = actionsFor(w).get(0);
        fx.topics.send(StateTopics.disabled(w, ((DisableSpot) disable).disabledUntil()));
        fx.topics.send(new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, disable.id(), disable.type(), disable.reason(), w, null,
                OutcomeResult.PATCHED, "annotated", null, Instant.now()));
        fx.topics.flush();
    }

    private static void pendingSpotWorkload(WorkloadRef gate) {
        fx.topics.send(StateTopics.workload(gate, true, null, null, null));
        fx.topics.send(StateTopics.pod(gate, 0, false, "Running", "node-od-1", Instant.now().minusSeconds(900)));
        fx.topics.send(StateTopics.pod(gate, 1, true, "Pending", null, Instant.now().minusSeconds(600)));
        fx.topics.flush();
    }

    private List<Action> awaitActions(WorkloadRef w, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> actionsFor(w).size() >= count);
        // a barrier of further ticks: no duplicate may follow
        Decider leader = a.isLeader() ? a : b;
        double t = ticks(leader);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks(leader) >= t + 3);
        return actionsFor(w);
    }

    private static List<Action> actionsFor(WorkloadRef w) {
        return TopicProbe.readAll(fx.bootstrap(), Topics.ACTIONS).stream()
                .filter(r -> r.key().equals(w.key())).map(r -> decode(r, Action.class)).toList();
    }

    private static double emitted(Decider d) {
        return d.registry().find("spotwise.decider.actions").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static double ticks(Decider d) {
        return d.registry().counter("spotwise.decider.ticks").count();
    }

    private static <T extends io.spotwise.contract.SpotwiseRecord> T decode(ConsumerRecord<String, byte[]> r, Class<T> type) {
        try {
            return RecordCodec.decode(r.value(), type);
        } catch (Exception e) {
            throw new AssertionError("unreadable " + type.getSimpleName() + " on " + r.topic(), e);
        }
    }
}
