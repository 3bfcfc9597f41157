package io.spotwise.actuator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.actuator.consume.ActionConsumer;
import io.spotwise.actuator.consume.ActionExpiry;
import io.spotwise.actuator.consume.BrokerReachability;
import io.spotwise.actuator.consume.CompletedActions;
import io.spotwise.actuator.consume.OutcomeFollower;
import io.spotwise.actuator.consume.OutcomeTransactions;
import io.spotwise.actuator.consume.TaskRunner;
import io.spotwise.actuator.events.EventRecorder;
import io.spotwise.actuator.eviction.PodEvictor;
import io.spotwise.actuator.eviction.RetryBackoff;
import io.spotwise.actuator.guard.ActionTrust;
import io.spotwise.actuator.guard.LiveTargets;
import io.spotwise.actuator.guard.TrustGuard;
import io.spotwise.actuator.patch.SpotWindowPatcher;
import io.spotwise.actuator.status.StatusWriter;
import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.ops.OpsServer;
import io.spotwise.common.rate.TokenBucket;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled service: what {@link Main} starts and what tests start against a real broker and a simulated API
 * server. Owns nothing it was given (Vert.x, the Kubernetes client); closes what it created, in reverse order.
 */
public final class Actuator implements AutoCloseable {

    public static final String SERVICE = "actuator";
    private static final Logger LOG = LoggerFactory.getLogger(Actuator.class);

    private final ActuatorConfig config;
    private final KubeWorker worker;
    private final OutcomeFollower follower;
    private final ActionConsumer consumer;
    private final OpsServer ops;
    private final int opsPort;

    private Actuator(ActuatorConfig config, KubeWorker worker, OutcomeFollower follower, ActionConsumer consumer, OpsServer ops, int opsPort) {
        this.config = config;
        this.worker = worker;
        this.follower = follower;
        this.consumer = consumer;
        this.ops = ops;
        this.opsPort = opsPort;
    }

    /** Starts following outcomes, the ops server and the consumer; readiness tells when actions are being carried out. */
    public static Actuator start(ActuatorConfig config, KubernetesClient client, Vertx vertx, PrometheusMeterRegistry registry, Clock clock)
            throws Exception {
        ActuatorMetrics metrics = new ActuatorMetrics(registry, config.get(CommonKeys.METRICS_WORKLOAD_LIMIT));
        KubeWorker worker = new KubeWorker(vertx, config.get(ActuatorConfig.WORKER_POOL_SIZE));
        String clientId = SERVICE + "-" + config.instance();
        RetryBackoff backoff = new RetryBackoff(config.get(ActuatorConfig.RETRY_ATTEMPTS), config.get(ActuatorConfig.RETRY_BACKOFF),
                config.get(ActuatorConfig.RETRY_BACKOFF_MAX), () -> ThreadLocalRandom.current().nextDouble());
        PodEvictor evictor = new PodEvictor(client, worker,
                TokenBucket.perSecond(config.get(ActuatorConfig.EVICTION_RATE), config.get(ActuatorConfig.EVICTION_BURST), System::nanoTime),
                TokenBucket.perSecond(config.get(ActuatorConfig.FALLBACK_EVICTION_RATE), config.get(ActuatorConfig.FALLBACK_EVICTION_BURST),
                        System::nanoTime),
                backoff, config.get(ActuatorConfig.API_TIMEOUT), metrics, clock, config.dryRun());
        SpotWindowPatcher patcher = new SpotWindowPatcher(client, worker, config.spotwiseKeys(), backoff, clock, config.dryRun());
        EventRecorder events = new EventRecorder(client, worker, metrics, config.controllerName(), config.instance(),
                config.get(ActuatorConfig.EVENT_BURST), config.get(ActuatorConfig.EVENT_REFILL), backoff, clock);
        ActionTrust trust = new ActionTrust(new TrustGuard(config.namespaces(), config.spotwiseKeys()), new LiveTargets(client), worker, metrics);
        ActionExecutor executor = new ActionExecutor(trust, new ActionExpiry(config.get(ActuatorConfig.ACTION_MAX_AGE)), evictor, patcher, events, config.spotwiseKeys(), metrics, clock, config.dryRun())
                .withStatusWriter(new StatusWriter(client, worker, config.spotwiseKeys(), backoff, config.dryRun()));

        BrokerReachability reachability = new BrokerReachability();
        metrics.gauge("spotwise.actuator.kafka.unreachable.seconds", "seconds since Kafka became unreachable, 0 while reachable",
                reachability::unreachableSeconds);
        Map<String, Object> consumerConfig = new HashMap<>(ActuatorKafka.consumerConfig(config, clientId));
        CompletedActions memory = new CompletedActions(config.get(ActuatorConfig.REMEMBERED_ACTIONS));
        OutcomeFollower follower = new OutcomeFollower(ActuatorKafka.followerConfig(config, clientId + "-outcomes"), memory, reachability,
                config.get(ActuatorConfig.REMEMBER_WINDOW), config.fleet(), registry);
        OutcomeTransactions transactions = new OutcomeTransactions(() -> new KafkaProducer<>(ActuatorKafka.producerConfig(config, clientId)),
                reachability);
        TaskRunner.Settings settings = new TaskRunner.Settings(config.get(ActuatorConfig.FALLBACK_CONCURRENCY),
                config.get(ActuatorConfig.REBALANCE_CONCURRENCY), config.get(ActuatorConfig.PAUSE_ABOVE),
                config.get(ActuatorConfig.REVOKE_GRACE));
        ActionConsumer consumer = new ActionConsumer(consumerConfig, settings, executor, transactions, memory, follower, reachability,
                metrics, clock, config.fleet(), registry);

        Map<String, Supplier<Boolean>> readiness = new LinkedHashMap<>();
        readiness.put("action consumer joined its group", consumer::ready);
        readiness.put("kafka reachable", reachability::isReachable);
        readiness.put("completed-action memory caught up with " + config.fleet().topics().outcomes(), follower::caughtUp);
        Map<String, Supplier<Boolean>> liveness = new LinkedHashMap<>();
        liveness.put("action consumer loop running", consumer::alive);
        liveness.put("outcome follower running", follower::alive);
        OpsServer ops = new OpsServer(vertx, registry, readiness, liveness);
        int port = ops.start(config.get(ActuatorConfig.OPS_PORT)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        StartupLog.step("ops server listening");
        follower.start();
        consumer.start();
        LOG.info("Actuator started: ops port {}, dry run {}, controller name '{}', instance '{}'", port, config.dryRun(),
                config.controllerName(), config.instance());
        return new Actuator(config, worker, follower, consumer, ops, port);
    }

    public int opsPort() {
        return opsPort;
    }

    public boolean ready() {
        return consumer.ready();
    }

    /** Stops consuming (after the executing actions, bounded), then the follower, the ops server and the worker pool. */
    @Override
    public void close() throws Exception {
        consumer.close();
        ActuatorKafka.leaveGroup(config);
        follower.close();
        ops.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        worker.close();
        LOG.info("Actuator stopped");
    }
}
