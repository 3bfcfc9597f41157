package io.spotwise.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.spotwise.contract.Action;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.contract.topic.Topics;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.common.testing.TopicProbe;
import io.spotwise.decider.policy.state.WorkloadSummary;
import io.spotwise.decider.support.Reviews;
import io.spotwise.decider.support.StateTopics;
import io.spotwise.decider.support.WebhookClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Whole decider replicas against a real Kafka broker and a fabric8 mock API server (CRUD) holding the Lease. The tests
 * build on each other (one broker, topics shared), in order.
 */
@ExtendWith(SharedKafkaBroker.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeciderIntegrationIT {

    private static final int PARTITIONS = 3;
    private static final String LEASE = "spotwise-decider";
    private static final String NAMESPACE = "spotwise";
    private static Vertx vertx;
    private static KubernetesMockServer server;
    private static KubernetesClient kubernetes;
    private static StateTopics topics;
    private static Decider a;
    private static Decider b;

    @BeforeAll
    static void start() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        kubernetes = server.createClient();
        vertx = Vertx.vertx();
        Main.ensureTopics(config("bootstrap"));
        topics = new StateTopics(SharedKafkaBroker.bootstrapServers(), PARTITIONS);
        a = started("decider-a");
        b = started("decider-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> a.isReady() && b.isReady() && (a.isLeader() || b.isLeader()));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Decider d : List.of(a, b)) {
            get(d.stop());
        }
        topics.close();
        get(vertx.close());
        kubernetes.close();
        server.destroy();
    }

    static DeciderConfig config(String instance) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", SharedKafkaBroker.bootstrapServers());
        env.put("SPOTWISE_TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        env.put("SPOTWISE_INSTANCE", instance);
        env.put("SPOTWISE_NAMESPACE", NAMESPACE);
        env.put("SPOTWISE_DECIDER_LEASE_NAME", LEASE);
        env.put("SPOTWISE_DECIDER_LEASE_DURATION", "2s");
        env.put("SPOTWISE_TICK", "200ms");
        env.put("SPOTWISE_DECIDER_STATUS", "false"); // these tests read the control loop's actions; status writes: StatusBoardTest, StatusEndToEndIT
        env.put("SPOTWISE_REBALANCE_STABILIZATION_PERIOD", "1h");
        env.put("SPOTWISE_WEBHOOK_SELF_SIGNED", "true");
        env.put("SPOTWISE_WEBHOOK_PORT", "0");
        env.put("SPOTWISE_OPS_PORT", "0");
        return DeciderConfig.from(env);
    }

    static Decider started(String instance) throws Exception {
        return get(new Decider(vertx, config(instance), kubernetes, Clock.systemUTC()).start());
    }

    @Test
    @Order(1)
    @DisplayName("a malformed pod record goes to spotwise.dead-letter with the reason, is counted, and the decider moves on")
    void malformedRecordIsDeadLettered() {
        topics.sendRaw(Topics.PODS, 0, "shop/broken", "{not json".getBytes(StandardCharsets.UTF_8));
        topics.sendRaw(Topics.PODS, 1, "shop/no-phase", "{\"schemaVersion\":1,\"pod\":{\"namespace\":\"shop\",\"name\":\"no-phase\"},\"observedAt\":\"2026-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8));
        WorkloadRef ok = WorkloadRef.deployment("shop", "after-bad");
        topics.send(StateTopics.workload(ok, true, null, null, null));
        topics.send(StateTopics.pod(ok, 0, false, "Running", "node-1", Instant.now()));
        topics.flush();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<DeadLetter> letters = TopicProbe.readAll(SharedKafkaBroker.bootstrapServers(), Topics.DEAD_LETTER).stream()
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
    @Order(2)
    @DisplayName("the webhook of a caught-up replica places a pod of an opted-in workload on spot over real HTTPS")
    void webhookEndToEnd() {
        WorkloadRef web = WorkloadRef.deployment("shop", "web");
        topics.send(StateTopics.workload(web, true, null, null, null));
        topics.flush();
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
    @Order(3)
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
        ConsumerRecord<String, byte[]> record = TopicProbe.readAll(SharedKafkaBroker.bootstrapServers(), Topics.ACTIONS).get(0);
        assertThat(record.key()).isEqualTo(gate.key());
        assertThat(new String(record.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8)).isEqualTo("io.spotwise.action.v2");
        assertThat(new String(record.headers().lastHeader(CloudEventHeaders.SOURCE).value(), StandardCharsets.UTF_8)).isEqualTo("/spotwise/decider");
    }

    @Test
    @Order(4)
    @DisplayName("a leader that loses the Lease stops emitting at once; the next holder emits what is due, once")
    void leaderLossStopsEmission() {
        Lease lease = kubernetes.leases().inNamespace(NAMESPACE).withName(LEASE).get();
        lease.getSpec().setHolderIdentity("intruder");
        lease.getSpec().setLeaseDurationSeconds(3600);
        lease.getSpec().setRenewTime(ZonedDateTime.now());
        kubernetes.leases().inNamespace(NAMESPACE).resource(lease).update();
        await().atMost(Duration.ofSeconds(20)).until(() -> !a.isLeader() && !b.isLeader());

        WorkloadRef gate = WorkloadRef.deployment("shop", "gate2");
        pendingSpotWorkload(gate);
        await().atMost(Duration.ofSeconds(10)).until(() -> get(a.state().call(s -> s.spotPods(gate))) == 1
                && get(b.state().call(s -> s.spotPods(gate))) == 1);
        double ticksA = ticks(a);
        double ticksB = ticks(b);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks(a) >= ticksA + 3 && ticks(b) >= ticksB + 3);
        assertThat(actionsFor(gate)).as("no replica holds the Lease: nothing may be emitted").isEmpty();

        kubernetes.leases().inNamespace(NAMESPACE).withName(LEASE).delete();
        assertThat(awaitActions(gate, 1)).extracting(Action::type).containsExactly(ActionType.DISABLE_SPOT);
        patched(gate);
        List<Action> actions = awaitActions(gate, 2);
        assertThat(actions).extracting(Action::type).containsExactly(ActionType.DISABLE_SPOT, ActionType.EVICT_POD);
    }

    @Test
    @Order(5)
    @DisplayName("a restarted replica rebuilds the same state from the topics and does not repeat actions still in flight")
    void restartRebuildsWithoutDuplicates() throws Exception {
        // the actuator patched the fallback windows (the watcher republishes the workloads); the evictions are still in flight
        for (String name : List.of("gate1", "gate2")) {
            patched(WorkloadRef.deployment("shop", name));
        }
        Instant now = Instant.now();
        await().atMost(Duration.ofSeconds(10)).until(() -> get(a.state().call(s -> s.summaries(now)))
                .equals(get(b.state().call(s -> s.summaries(now)))));
        List<WorkloadSummary> before = get(a.state().call(s -> s.summaries(now)));
        int podsBefore = get(a.state().call(s -> s.podCount()));
        int actionsBefore = TopicProbe.readAll(SharedKafkaBroker.bootstrapServers(), Topics.ACTIONS).size();
        get(a.stop());
        get(b.stop());

        a = started("decider-a");
        b = started("decider-b");
        await().atMost(Duration.ofSeconds(30)).until(() -> a.isReady() && b.isReady() && (a.isLeader() || b.isLeader()));
        List<WorkloadSummary> after = get(a.state().call(s -> s.summaries(now)));
        int podsAfter = get(a.state().call(s -> s.podCount()));
        assertThat(after).isEqualTo(before);
        assertThat(podsAfter).isEqualTo(podsBefore);

        Decider leader = a.isLeader() ? a : b;
        double ticks = ticks(leader);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks(leader) >= ticks + 5);
        assertThat(TopicProbe.readAll(SharedKafkaBroker.bootstrapServers(), Topics.ACTIONS)).hasSize(actionsBefore);
        assertThat(emitted(leader)).isZero();
    }

    /** The actuator's part: the annotation patched (the watcher republishes the workload) and the PATCHED outcome. */
    private static void patched(WorkloadRef w) {
        Action disable = actionsFor(w).get(0);
        topics.send(StateTopics.disabled(w, ((DisableSpot) disable).disabledUntil()));
        topics.send(new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, disable.id(), disable.type(), disable.reason(), w, null,
                OutcomeResult.PATCHED, "annotated", null, Instant.now()));
        topics.flush();
    }

    private static void pendingSpotWorkload(WorkloadRef gate) {
        topics.send(StateTopics.workload(gate, true, null, null, null));
        topics.send(StateTopics.pod(gate, 0, false, "Running", "node-od-1", Instant.now().minusSeconds(900)));
        topics.send(StateTopics.pod(gate, 1, true, "Pending", null, Instant.now().minusSeconds(600)));
        topics.flush();
    }

    private static List<Action> awaitActions(WorkloadRef w, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> actionsFor(w).size() >= count);
        // a barrier of further ticks: no duplicate may follow
        Decider leader = a.isLeader() ? a : b;
        double t = ticks(leader);
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks(leader) >= t + 3);
        return actionsFor(w);
    }

    private static List<Action> actionsFor(WorkloadRef w) {
        return TopicProbe.readAll(SharedKafkaBroker.bootstrapServers(), Topics.ACTIONS).stream()
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

    static <T> T get(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
