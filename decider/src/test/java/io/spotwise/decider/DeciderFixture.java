package io.spotwise.decider;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.spotwise.contract.Action;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.topic.Topics;
import io.spotwise.decider.support.Committed;
import io.spotwise.decider.support.StateTopics;
import io.spotwise.kafka.local.KafkaBroker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A broker of its own (these tests restart deciders and read whole topics), a simulated API server holding the Lease,
 * and deciders started from a map, as {@link Main} starts them from the environment.
 */
final class DeciderFixture implements AutoCloseable {

    static final int PARTITIONS = 3;
    static final String NAMESPACE = "spotwise";

    final KafkaBroker broker = KafkaBroker.start();
    final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
            new KubernetesCrudDispatcher(), false);
    final KubernetesClient kubernetes;
    final Vertx vertx = Vertx.vertx();
    final StateTopics topics;
    private final List<Decider> started = new ArrayList<>();

    DeciderFixture() throws InterruptedException {
        server.init();
        kubernetes = server.createClient();
        Main.ensureTopics(config("bootstrap", "lease", Map.of()));
        topics = new StateTopics(broker.bootstrapServers(), PARTITIONS);
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    DeciderConfig config(String instance, String lease, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("SPOTWISE_TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
        env.put("SPOTWISE_INSTANCE", instance);
        env.put("SPOTWISE_NAMESPACE", NAMESPACE);
        env.put("SPOTWISE_DECIDER_LEASE_NAME", lease);
        env.put("SPOTWISE_DECIDER_LEASE_DURATION", "2s");
        env.put("SPOTWISE_TICK", "200ms");
        env.put("SPOTWISE_DECIDER_STATUS", "false"); // these tests read the control loop's actions; status writes: StatusBoardTest, StatusEndToEndIT
        env.put("SPOTWISE_REBALANCE_STABILIZATION_PERIOD", "1h");
        env.put("SPOTWISE_WEBHOOK_SELF_SIGNED", "true");
        env.put("SPOTWISE_WEBHOOK_PORT", "0");
        env.put("SPOTWISE_OPS_PORT", "0");
        env.putAll(overrides);
        return DeciderConfig.from(env);
    }

    Decider start(String instance, String lease, Map<String, String> overrides) {
        Decider d = get(new Decider(vertx, config(instance, lease, overrides), kubernetes, Clock.systemUTC()).start());
        started.add(d);
        return d;
    }

    void stop(Decider d) {
        get(d.stop());
        started.remove(d);
    }

    /** Someone else holds the Lease for an hour: no decider leads. */
    /** An intruder takes the Lease; a renewal of the decider between read and write answers 409, so try again. */
    void holdLease(String lease) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            kubernetes.leases().inNamespace(NAMESPACE).resource(new LeaseBuilder().withNewMetadata().withName(lease).withNamespace(NAMESPACE)
                    .endMetadata().withNewSpec().withHolderIdentity("intruder").withLeaseDurationSeconds(3600)
                    .withAcquireTime(ZonedDateTime.now()).withRenewTime(ZonedDateTime.now()).endSpec().build()).createOr(r -> r.update());
            return true;
        });
    }

    void freeLease(String lease) {
        kubernetes.leases().inNamespace(NAMESPACE).withName(lease).delete();
    }

    List<Action> actions(WorkloadRef workload) {
        return Committed.actions(bootstrap(), workload);
    }

    int actionCount() {
        return Committed.readAll(bootstrap(), Topics.ACTIONS).size();
    }

    static double ticks(Decider d) {
        return d.registry().counter("spotwise.decider.ticks").count();
    }

    static <T> T get(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Decider d : List.copyOf(started)) {
            get(d.stop());
        }
        topics.close();
        get(vertx.close());
        kubernetes.close();
        server.destroy();
        broker.close();
    }
}
