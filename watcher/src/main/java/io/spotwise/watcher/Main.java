package io.spotwise.watcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.common.config.ConfigException;
import io.spotwise.common.k8s.KubernetesClients;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.TopicBootstrap;
import io.spotwise.contract.topic.Topics;
import io.spotwise.common.ops.OpsServer;
import io.spotwise.watcher.publish.ProducerSettings;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root of the watcher: config, Kafka topics, client, producer, watcher, ops endpoints, shutdown hook. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        try {
            run(WatcherConfig.from(System.getenv()));
        } catch (ConfigException e) {
            LOG.error(e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            LOG.error("Watcher failed to start: {}", e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.debug("Start-up failure", e);
            System.exit(1);
        }
    }

    static void run(WatcherConfig config) throws Exception {
        LOG.info("Starting watcher with configuration:\n{}", config.describe());
        int partitions = ensureTopics(config);
        KubernetesClient client = KubernetesClients.create("watcher", 10);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Watcher watcher = new Watcher(config, client,
                () -> new KafkaProducer<>(ProducerSettings.transactional(config.kafka(), "spotwise-watcher-" + config.instance())),
                partitions, new WatcherMetrics(registry));
        Vertx vertx = Vertx.vertx();
        OpsServer ops = new OpsServer(vertx, registry, watcher.readiness());
        int port = ops.start(config.opsPort()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            watcher.close();
            client.close();
            ops.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }, "watcher-shutdown"));
        watcher.start();
        LOG.info("Watcher started: /healthz, /readyz, /metrics on port {}", port);
    }

    /** Creates or verifies the topics, retrying while Kafka is unreachable; returns the state topics' partition count. */
    static int ensureTopics(WatcherConfig config) throws Exception {
        Map<String, Object> props = KafkaClients.adminConfig(config.kafka(), "spotwise-watcher-admin-" + config.instance());
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    TopicBootstrap.ensure(admin, Topics.all(config.topicPartitions(), config.topicReplicationFactor(), config.topicRetention()),
                            config.topicCreate(), 10_000);
                    return TopicBootstrap.partitions(admin, Topics.PODS, 10_000);
                } catch (TopicBootstrap.IncompatibleTopicException e) {
                    throw e;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka at " + config.kafka().get("bootstrap.servers") + " unreachable for "
                                + config.startupTimeout() + " (" + e + ")", e);
                    }
                    LOG.warn("Kafka not reachable yet ({}); retrying", e.toString());
                    TimeUnit.SECONDS.sleep(2);
                }
            }
        }
    }
}
