package io.spotwise.watcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.common.k8s.KubernetesClients;
import io.spotwise.common.ops.OpsServer;
import io.spotwise.common.service.Launch;
import io.spotwise.common.service.ServiceLauncher;
import io.spotwise.common.service.TopicsAtStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Composition root of the watcher: the shared launcher runs it (config, Kafka, topics, ordered shutdown). */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ServiceLauncher.main("watcher", WatcherConfig::from, Main::start);
    }

    /** Builds the watcher; stopped in the reverse order: watcher, ops server, Kubernetes client (then Vert.x). */
    static void start(WatcherConfig config, Launch launch) throws Exception {
        KubernetesClient client = launch.closing("Kubernetes client", KubernetesClients.create("watcher", 10));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Watcher watcher = launch.await("watcher context",
                Watcher.create(launch.vertx(), config, client, launch.statePartitions(), new WatcherMetrics(registry)));
        OpsServer ops = new OpsServer(launch.vertx(), registry, watcher.readiness());
        launch.stopping("ops server", ops::stop);
        int port = launch.await("ops server", ops.start(config.get(WatcherConfig.OPS_PORT)));
        launch.closing("watcher", watcher);
        watcher.start().onFailure(e -> LOG.error("Watcher informers failed to start: {}", e.toString()));
        LOG.info("Watcher started: /healthz, /readyz, /metrics on port {}", port);
    }

    /** Creates or verifies the topics, waiting for Kafka; returns the state topics' partition count. */
    static int ensureTopics(WatcherConfig config) throws InterruptedException {
        return TopicsAtStart.ensure(config, "spotwise-watcher-bootstrap-" + config.instance());
    }
}
