package io.spotwise.actuator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.actuator.consume.ActionConsumer;
import io.spotwise.actuator.consume.CompletedActions;
import io.spotwise.actuator.consume.CompletedActionsLoader;
import io.spotwise.actuator.consume.OutcomePublisher;
import io.spotwise.actuator.events.EventRecorder;
import io.spotwise.actuator.eviction.EvictionRateLimiter;
import io.spotwise.actuator.eviction.PodEvictor;
import io.spotwise.actuator.eviction.RetryBackoff;
import io.spotwise.actuator.patch.SpotWindowPatcher;
import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.kafka.DeadLetters;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.ops.OpsServer;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled service: what {@link Main} starts and what tests start against a real broker and a simulated API
 * server. Owns nothing it was given (Vert.x, the Kubernetes client); closes what it created, in reverse order.
 */
public final class Actuator implements AutoCloseable {

    public static final String SERVICE = "actuator";
    private static final Logger LOG = LoggerFactory.getLogger(Actuator.class);

    private final KubeWorker worker;
    private final KafkaProducer<String, byte[]> producer;
    private final ActionConsumer consumer;
    private final OpsServer ops;
    private final int opsPort;

    private Actuator(KubeWorker worker, KafkaProducer<String, byte[]> producer, ActionConsumer consumer, OpsServer ops, int opsPort) {
        this.worker = worker;
        this.producer = producer;
        this.consumer = consumer;
        this.ops = ops;
        this.opsPort = opsPort;
    }

    /** Blocking start: rebuilds the completed-action memory, starts the ops server, joins the consumer group. */
    public static Actuator start(ActuatorConfig config, KubernetesClient client, Vertx vertx, PrometheusMeterRegistry registry, Clock clock)
            throws Exception {
        ActuatorMetrics metrics = new ActuatorMetrics(registry, config.get(CommonKeys.METRICS_WORKLOAD_LIMIT));
        KubeWorker worker = new KubeWorker(vertx, config.get(ActuatorConfig.WORKER_POOL_SIZE));
        String clientId = SERVICE + "-" + config.instance();
        KafkaProducer<String, byte[]> producer = KafkaProducer.create(vertx, KafkaClients.producerConfig(config.raw().kafka(), clientId));

        EvictionRateLimiter rateLimiter = new EvictionRateLimiter(config.get(ActuatorConfig.EVICTION_RATE),
                config.get(ActuatorConfig.EVICTION_BURST), System::nanoTime);
        RetryBackoff backoff = new RetryBackoff(config.get(ActuatorConfig.RETRY_ATTEMPTS), config.get(ActuatorConfig.RETRY_BACKOFF),
                config.get(ActuatorConfig.RETRY_BACKOFF_MAX), () -> ThreadLocalRandom.current().nextDouble());
        PodEvictor evictor = new PodEvictor(client, worker, rateLimiter, backoff, metrics, config.dryRun());
        SpotWindowPatcher patcher = new SpotWindowPatcher(client, worker, config.spotwiseKeys(), clock, config.dryRun());
        EventRecorder events = new EventRecorder(client, worker, metrics, config.controllerName(), config.instance(),
                config.get(ActuatorConfig.EVENT_BURST), config.get(ActuatorConfig.EVENT_REFILL), clock);
        ActionExecutor executor = new ActionExecutor(evictor, patcher, events, config.spotwiseKeys(), metrics, clock, config.dryRun());

        CompletedActions completed = new CompletedActions(config.get(ActuatorConfig.REMEMBERED_ACTIONS));
        CompletedActionsLoader.load(config.raw().kafka(), clientId + "-rebuild", config.get(ActuatorConfig.REMEMBER_WINDOW), clock, completed);

        Map<String, Object> consumerConfig = new HashMap<>(KafkaClients.consumerConfig(config.raw().kafka(),
                config.get(ActuatorConfig.GROUP_ID), clientId));
        consumerConfig.putIfAbsent("max.poll.records", "50");
        ActionConsumer consumer = new ActionConsumer(consumerConfig, executor, new OutcomePublisher(producer, SERVICE),
                new DeadLetters(producer, SERVICE, clock), completed, metrics);

        Map<String, Supplier<Boolean>> readiness = new LinkedHashMap<>();
        readiness.put("action consumer joined its group", consumer::ready);
        OpsServer ops = new OpsServer(vertx, registry, readiness, Map.of("action consumer loop running", consumer::alive));
        int port = ops.start(config.get(ActuatorConfig.OPS_PORT)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        consumer.start();
        LOG.info("Actuator started: ops port {}, dry run {}, controller name '{}', instance '{}'", port, config.dryRun(),
                config.controllerName(), config.instance());
        return new Actuator(worker, producer, consumer, ops, port);
    }

    public int opsPort() {
        return opsPort;
    }

    public boolean ready() {
        return consumer.ready();
    }

    /** Stops consuming (after the action in progress), then the ops server, the producer and the worker pool. */
    @Override
    public void close() throws Exception {
        consumer.close();
        ops.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        producer.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        worker.close();
        LOG.info("Actuator stopped");
    }
}
