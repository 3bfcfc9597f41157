package io.spotwise.actuator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.TopicBootstrap;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.Action;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import io.spotwise.contract.topic.Topics;
import io.spotwise.sim.SimulatedCluster;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A running actuator against the shared real broker and a fabric8 mock API server in CRUD mode (eviction answers are
 * scripted as expectations, since the stock mock has no eviction subresource). The actuator's group starts at the
 * current end of spotwise.actions, so actions of other test classes are not replayed.
 */
final class ActuatorHarness implements AutoCloseable {

    final KubernetesMockServer server;
    final KubernetesClient client;
    final Vertx vertx = Vertx.vertx();
    final String groupId;
    private final Map<String, String> env;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final KafkaProducer<String, byte[]> producer;
    Actuator actuator;
    private SimulatedCluster sim;

    /** Against the stock fabric8 mock in CRUD mode, eviction answers scripted by the test. */
    ActuatorHarness(Map<String, String> extraEnv) throws Exception {
        this(extraEnv, mockServer(), null);
    }

    /** Against a simulated cluster (real eviction with PodDisruptionBudget checks, merge patch). */
    ActuatorHarness(Map<String, String> extraEnv, io.fabric8.kubernetes.client.Config sim) throws Exception {
        this(extraEnv, null, sim);
    }

    /**
     * The set-up the actuator's simulated-cluster tests share: the shared broker, a simulated cluster of its own, and
     * an actuator on it with {@code extraEnv}; {@link #close()} stops both.
     */
    static ActuatorHarness onSimulatedCluster(Map<String, String> extraEnv) throws Exception {
        SimulatedCluster sim = SimulatedCluster.start();
        try {
            ActuatorHarness h = new ActuatorHarness(extraEnv, sim.client().getConfiguration());
            h.sim = sim;
            return h;
        } catch (Exception | Error e) {
            sim.close();
            throw e;
        }
    }

    /** The simulated cluster of {@link #onSimulatedCluster}. */
    SimulatedCluster sim() {
        return sim;
    }

    private static KubernetesMockServer mockServer() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
        server.init();
        return server;
    }

    private ActuatorHarness(Map<String, String> extraEnv, KubernetesMockServer server, io.fabric8.kubernetes.client.Config sim) throws Exception {
        this.server = server;
        groupId = "actuator-test-" + System.nanoTime();
        env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", SharedKafkaBroker.bootstrapServers(),
                "SPOTWISE_OPS_PORT", "0",
                "SPOTWISE_ACTUATOR_GROUP_ID", groupId,
                "SPOTWISE_INSTANCE", "spotwise-actuator-0",
                "SPOTWISE_EVICTION_RETRY_ATTEMPTS", "2",
                "SPOTWISE_EVICTION_RETRY_BACKOFF", "10ms",
                "SPOTWISE_EVICTION_RETRY_BACKOFF_MAX", "50ms",
                "SPOTWISE_EVICTION_RATE", "50"));
        // The fixtures carry the documented example's decision time (2026-06-25): expiry is tested on its own.
        env.put("SPOTWISE_ACTUATOR_ACTION_MAX_AGE", "876000h");
        env.putAll(extraEnv);
        // as production builds it (Main): the API timeout applies to every request
        client = Main.kubernetesClient(ActuatorConfig.from(env), server != null ? server.createClient().getConfiguration() : sim);
        try (Admin admin = admin()) {
            TopicBootstrap.ensure(admin, Topics.all(3, (short) 1, Duration.ofHours(1)), true, 30_000);
        }
        producer = new KafkaProducer<>(new HashMap<>(KafkaClients.producerConfig(Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers()), "test")));
        startGroupAtEnd();
        start();
    }

    void start() throws Exception {
        actuator = Actuator.start(ActuatorConfig.from(env), client, vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
        await().atMost(Duration.ofSeconds(30)).until(actuator::ready);
    }

    void stop() throws Exception {
        actuator.close();
    }

    /** Another replica in the same consumer group, under its own instance name (static member, own transactional id). */
    Actuator replica(String instance) throws Exception {
        Map<String, String> other = new HashMap<>(env);
        other.put("SPOTWISE_INSTANCE", instance);
        return Actuator.start(ActuatorConfig.from(other), client, vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    }

    /** Publishes an outcome record as the actuator does (e.g. the STARTED mark an earlier attempt left behind). */
    void publishOutcome(Outcome outcome) throws Exception {
        producer.send(new ProducerRecord<>(Topics.OUTCOMES, outcome.workload().key(), RecordCodec.encode(outcome))).get(30, TimeUnit.SECONDS);
    }

    /** HTTP status of one of the actuator's ops endpoints (/healthz, /readyz). */
    static int status(Actuator a, String path) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + a.opsPort() + path))
                .timeout(Duration.ofSeconds(5)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    Admin admin() {
        return Admin.create(KafkaClients.adminConfig(Map.of("bootstrap.servers", SharedKafkaBroker.bootstrapServers()), "test-admin"));
    }

    private void startGroupAtEnd() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(Topics.ACTIONS, p), OffsetSpec.latest());
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> offsets.put(tp, new OffsetAndMetadata(info.offset())));
            admin.alterConsumerGroupOffsets(groupId, offsets).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Moves the (stopped) actuator's group back to the given offset: as if it had crashed before committing it. */
    void rewindTo(TopicPartition tp, long offset) throws Exception {
        try (Admin admin = admin()) {
            admin.alterConsumerGroupOffsets(groupId, Map.of(tp, new OffsetAndMetadata(offset))).all().get(30, TimeUnit.SECONDS);
        }
    }

    org.apache.kafka.clients.producer.RecordMetadata send(Action action) throws Exception {
        return send(action.workload().key(), RecordCodec.encode(action));
    }

    /** Sends the action to one partition of spotwise.actions (whatever its key hashes to). */
    org.apache.kafka.clients.producer.RecordMetadata send(Action action, int partition) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.ACTIONS, partition, action.workload().key(), RecordCodec.encode(action)))
                .get(30, TimeUnit.SECONDS);
    }

    /** The environment the harness's actuator runs with (broker, group, retry settings). */
    Map<String, String> env() {
        return Map.copyOf(env);
    }

    org.apache.kafka.clients.producer.RecordMetadata send(String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(Topics.ACTIONS, key, value)).get(30, TimeUnit.SECONDS);
    }

    /** The terminal outcomes of the action (not its write-ahead STARTED mark), as a read_committed consumer sees them. */
    List<Outcome> outcomes(String actionId) {
        return allOutcomes(actionId).stream().filter(o -> o.result().terminal()).toList();
    }

    /** Every committed outcome record of the action, STARTED marks included. */
    List<Outcome> allOutcomes(String actionId) {
        List<Outcome> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicProbe.readCommitted(SharedKafkaBroker.bootstrapServers(), Topics.OUTCOMES)) {
            try {
                Outcome o = RecordCodec.decode(r.value(), Outcome.class);
                if (o.actionId().equals(actionId)) {
                    out.add(o);
                }
            } catch (RecordReadException e) {
                throw new AssertionError("unreadable outcome on the topic: " + e.getMessage(), e);
            }
        }
        return out;
    }

    ConsumerRecord<String, byte[]> outcomeRecord(String actionId) {
        return TopicProbe.readCommitted(SharedKafkaBroker.bootstrapServers(), Topics.OUTCOMES).stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(actionId))
                .filter(r -> !new String(r.value(), StandardCharsets.UTF_8).contains("\"STARTED\"")).findFirst().orElseThrow();
    }

    Outcome awaitOutcome(String actionId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(actionId), l -> !l.isEmpty()).get(0);
    }

    List<DeadLetter> deadLetters(String key) throws RecordReadException {
        List<DeadLetter> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicProbe.readCommitted(SharedKafkaBroker.bootstrapServers(), Topics.DEAD_LETTER)) {
            if (key.equals(r.key())) {
                out.add(RecordCodec.decode(r.value(), DeadLetter.class));
            }
        }
        return out;
    }

    /**
     * A pod of the opted-in Deployment ns/web, as the controllers would have made it: Deployment {@code web} (label
     * {@code spotwise.io/spot-enabled=true}) → ReplicaSet {@code web-7d9f} → the pod, each owner reference naming its
     * owner's UID. The actuator's guard follows exactly these references. (Mock server only: no controllers there.)
     */
    Pod pod(String ns, String name, String phase) {
        ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).withName("web-7d9f").get();
        if (rs == null) {
            rs = client.apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder().withNewMetadata().withName("web-7d9f")
                    .withNamespace(ns).withOwnerReferences(controllerRef("Deployment", "web", webUid(ns))).endMetadata().build()).create();
        }
        return client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(ns)
                .withOwnerReferences(controllerRef("ReplicaSet", "web-7d9f", rs.getMetadata().getUid())).endMetadata()
                .withNewStatus().withPhase(phase).endStatus().build()).create();
    }

    /** The UID of the opted-in Deployment ns/web (created when missing: mock server only). */
    String webUid(String ns) {
        Deployment d = client.apps().deployments().inNamespace(ns).withName("web").get();
        if (d == null) {
            d = client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("web")
                    .withNamespace(ns).addToLabels("spotwise.io/spot-enabled", "true").endMetadata()
                    .withNewSpec().withReplicas(1).endSpec().build()).create();
        }
        return d.getMetadata().getUid();
    }

    private static OwnerReference controllerRef(String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(kind).withName(name).withUid(uid).withController(true).build();
    }

    List<Event> events(String ns) {
        return client.v1().events().inNamespace(ns).list().getItems().stream().filter(e -> e.getInvolvedObject() != null).toList();
    }

    /** Every request the API server received so far whose path starts with {@code path}. */
    synchronized List<RecordedRequest> requests(String method, String path) throws InterruptedException {
        RecordedRequest r;
        while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            requests.add(r);
        }
        return requests.stream().filter(q -> q.getMethod().equals(method) && q.getPath().startsWith(path)).toList();
    }

    /** The /metrics text, read as the JDK client reads it by default (offering the h2c upgrade); no answer within 5 s fails. */
    String scrape() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + actuator.opsPort() + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    @Override
    public void close() throws Exception {
        actuator.close();
        producer.close();
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (server != null) {
            server.destroy();
        }
        if (sim != null) {
            sim.close();
        }
    }
}
