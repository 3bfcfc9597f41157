package io.spotwise.decider;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.ConfigException;
import io.spotwise.common.k8s.KubernetesClients;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.TopicBootstrap;
import io.spotwise.contract.topic.Topics;
import io.spotwise.common.time.ServiceClocks;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decider's composition root: reads the environment, checks the topics, starts one {@link Decider} and stops it
 * in order on shutdown. A failed start prints one line naming the cause and exits with status 1.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        DeciderConfig config;
        try {
            config = DeciderConfig.from(System.getenv());
            Decider.settings(config);
        } catch (ConfigException | IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        LOG.info("Starting spotwise decider with:\n{}", config.describe());
        try {
            ensureTopics(config);
        } catch (TopicBootstrap.IncompatibleTopicException e) {
            fail(e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("Interrupted while checking the Kafka topics");
            return;
        }
        Vertx vertx = Vertx.vertx();
        KubernetesClient kubernetes = KubernetesClients.create("decider", 3);
        Decider decider = new Decider(vertx, config, kubernetes, ServiceClocks.system());
        Duration shutdownTimeout = config.get(DeciderConfig.SHUTDOWN_TIMEOUT);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(decider, vertx, kubernetes, shutdownTimeout), "decider-shutdown"));
        try {
            decider.start().toCompletionStage().toCompletableFuture().get(config.get(DeciderConfig.START_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("Interrupted during start");
        } catch (ExecutionException e) {
            fail("Decider failed to start: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            fail("Decider did not start within " + config.get(DeciderConfig.START_TIMEOUT).toSeconds() + "s");
        }
    }

    /** Creates or verifies the topics, waiting at most the start timeout for Kafka. */
    static void ensureTopics(DeciderConfig config) throws InterruptedException {
        Duration timeout = config.get(DeciderConfig.START_TIMEOUT);
        long deadline = System.nanoTime() + timeout.toNanos();
        String bootstrap = config.kafka().get("bootstrap.servers");
        try (Admin admin = Admin.create(KafkaClients.adminConfig(config.kafka(), "spotwise-decider-bootstrap"))) {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                try {
                    TopicBootstrap.ensure(admin, Topics.all(config.get(CommonKeys.TOPIC_PARTITIONS),
                            config.get(CommonKeys.TOPIC_REPLICATION_FACTOR).shortValue(), config.get(CommonKeys.TOPIC_RETENTION)),
                            config.get(CommonKeys.TOPIC_CREATE), Math.max(1000, Math.min(10_000, left)));
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new TopicBootstrap.IncompatibleTopicException("Kafka unreachable at " + bootstrap + " for "
                                + timeout.toSeconds() + "s (SPOTWISE_KAFKA_START_TIMEOUT): " + e);
                    }
                    LOG.warn("Kafka at {} not answering yet ({}); retrying", bootstrap, e.toString());
                    Thread.sleep(1000);
                }
            }
        }
    }

    private static void shutdown(Decider decider, Vertx vertx, KubernetesClient kubernetes, Duration timeout) {
        LOG.info("Shutting down (at most {}s)", timeout.toSeconds());
        try {
            decider.stop().compose(v -> vertx.close()).toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Shutdown did not complete cleanly within {}s: {}", timeout.toSeconds(), e.toString());
        } finally {
            kubernetes.close();
        }
    }

    private static void fail(String line) {
        LOG.error(line);
        System.exit(1);
    }
}
