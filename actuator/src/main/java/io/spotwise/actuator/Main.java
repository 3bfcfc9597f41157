package io.spotwise.actuator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.ConfigException;
import io.spotwise.common.k8s.KubernetesClients;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.TopicBootstrap;
import io.spotwise.contract.topic.Topics;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root of the actuator: config, topics, clients, the service, a shutdown hook that closes in order. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ActuatorConfig config;
        Vertx vertx = null;
        KubernetesClient client = null;
        try {
            StartupLog.step("main entered (JVM start, class loading)");
            config = ActuatorConfig.from(System.getenv());
            LOG.info("Effective configuration:\n{}", config.describe());
            try (Admin admin = Admin.create(KafkaClients.adminConfig(config.raw().kafka(), Actuator.SERVICE + "-admin"))) {
                TopicBootstrap.ensure(admin, Topics.all(config.get(CommonKeys.TOPIC_PARTITIONS),
                        config.get(CommonKeys.TOPIC_REPLICATION_FACTOR).shortValue(), config.get(CommonKeys.TOPIC_RETENTION)),
                        config.get(CommonKeys.TOPIC_CREATE), 30_000);
            }
            StartupLog.step("topics checked");
            vertx = Vertx.vertx();
            // fabric8's own 429/5xx retry off: a PodDisruptionBudget's 429 must reach the evictor unchanged.
            // Every API request is bounded (fabric8 applies requestTimeout to each one; the eviction sets its own).
            io.fabric8.kubernetes.client.Config base = io.fabric8.kubernetes.client.Config.autoConfigure(null);
            base.setRequestTimeout((int) config.get(ActuatorConfig.API_TIMEOUT).toMillis());
            client = KubernetesClients.create(Actuator.SERVICE, 0, base);
            StartupLog.step("Vert.x and Kubernetes client created");
            Actuator actuator = Actuator.start(config, client, vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
            Vertx v = vertx;
            KubernetesClient c = client;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(actuator, c, v), "spotwise-actuator-shutdown"));
        } catch (ConfigException | TopicBootstrap.IncompatibleTopicException e) {
            exit(e.getMessage(), vertx, client);
        } catch (Exception e) {
            exit("Actuator failed to start: " + e, vertx, client);
        }
    }

    private static void shutdown(Actuator actuator, KubernetesClient client, Vertx vertx) {
        try {
            actuator.close();
        } catch (Exception e) {
            LOG.warn("Actuator did not stop cleanly: {}", e.toString());
        }
        client.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not stop cleanly: {}", e.toString());
        }
    }

    private static void exit(String line, Vertx vertx, KubernetesClient client) {
        LOG.error(line);
        if (client != null) {
            client.close();
        }
        if (vertx != null) {
            vertx.close();
        }
        System.exit(1);
    }
}
