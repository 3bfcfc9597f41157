package io.spotwise.watcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.common.k8s.KubernetesClients;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One watcher as Main composes it, against a test API server and broker, with short timings. */
final class WatcherFixture implements AutoCloseable {

    final WatcherConfig config;
    final KubernetesClient client;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Vertx vertx = Vertx.vertx();
    final Watcher watcher;
    private boolean closed;

    private WatcherFixture(WatcherConfig config, KubernetesClient apiServer) throws Exception {
        this.config = config;
        int partitions = Main.ensureTopics(config);
        this.client = KubernetesClients.create("watcher", 0, apiServer.getConfiguration());
        this.watcher = Watcher.create(vertx, config, client, partitions, new WatcherMetrics(registry))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static Map<String, String> env(String bootstrapServers, String instance) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put("KAFKA_REQUEST_TIMEOUT_MS", "2000");
        env.put("KAFKA_DELIVERY_TIMEOUT_MS", "4000");
        env.put("KAFKA_MAX_BLOCK_MS", "2000");
        env.put("KAFKA_RECONNECT_BACKOFF_MAX_MS", "500");
        env.put("SPOTWISE_TOPIC_PARTITIONS", "3");
        env.put("SPOTWISE_INSTANCE", instance);
        env.put("SPOTWISE_WATCHER_LEADER_ELECTION", "false");
        env.put("SPOTWISE_WATCHER_SEND_RETRY_BACKOFF", "300ms");
        env.put("SPOTWISE_WATCHER_SEND_STALL_TIMEOUT", "2s");
        env.put("SPOTWISE_WATCHER_LEASE_DURATION", "3s");
        env.put("SPOTWISE_START_TIMEOUT", "20s");
        return env;
    }

    /** Builds and starts a watcher; returns once its informers synced. */
    static WatcherFixture start(KubernetesClient apiServer, Map<String, String> env) throws Exception {
        WatcherFixture f = new WatcherFixture(WatcherConfig.from(env), apiServer);
        f.watcher.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return f;
    }

    double published(String topic) {
        return watcher.metrics().count("spotwise.watcher.records.published", "topic", topic);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        watcher.close();
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
