package io.spotwise.actuator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.common.k8s.KubernetesClients;
import io.spotwise.common.service.Launch;
import io.spotwise.common.service.ServiceLauncher;
import java.time.Clock;

/** Composition root of the actuator: the shared launcher runs it (config, Kafka, topics, ordered shutdown). */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        StartupLog.step("main entered (JVM start, class loading)");
        ServiceLauncher.main(Actuator.SERVICE, ActuatorConfig::from, Main::start);
    }

    /**
     * The actuator's Kubernetes client on {@code base}: fabric8's own 429/5xx retry off (a PodDisruptionBudget's 429 must
     * reach the evictor unchanged), and every API request bounded by {@code SPOTWISE_ACTUATOR_API_TIMEOUT} (fabric8
     * applies requestTimeout to each one; the eviction sets its own).
     */
    static KubernetesClient kubernetesClient(ActuatorConfig config, Config base) {
        base.setRequestTimeout((int) config.get(ActuatorConfig.API_TIMEOUT).toMillis());
        return KubernetesClients.create(Actuator.SERVICE, 0, base);
    }

    /** Starts the actuator; stopped in the reverse order: actuator, Kubernetes client (then Vert.x). */
    static void start(ActuatorConfig config, Launch launch) throws Exception {
        StartupLog.step("launcher done (configuration, Kafka, topics, Vert.x)");
        KubernetesClient client = launch.closing("Kubernetes client", kubernetesClient(config, Config.autoConfigure(null)));
        StartupLog.step("Kubernetes client created");
        launch.closing("actuator", Actuator.start(config, client, launch.vertx(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC()));
    }
}
