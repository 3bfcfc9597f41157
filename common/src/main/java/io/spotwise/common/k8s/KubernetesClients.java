package io.spotwise.common.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/**
 * Builds the fabric8 clients of the services: always on the JDK HTTP client (fabric8's default Vert.x client would
 * put a second Vert.x on the classpath), with a User-Agent naming the service (so an API server's audit log — and the
 * simulated one's request log — attributes every request), and with fabric8's own retry of 429/5xx configurable
 * (the actuator turns it off: a PodDisruptionBudget's 429 must reach it, not be retried for ~19 s).
 */
public final class KubernetesClients {

    public static final String VERSION = "0.1.0";

    private KubernetesClients() {
    }

    /** A client configured like kubectl: KUBECONFIG / ~/.kube/config, else in-cluster service account. */
    public static KubernetesClient create(String service, int requestRetryBackoffLimit) {
        return create(service, requestRetryBackoffLimit, Config.autoConfigure(null));
    }

    /** A client on top of a given base config (tests pass the simulated API server's). */
    public static KubernetesClient create(String service, int requestRetryBackoffLimit, Config base) {
        Config config = new ConfigBuilder(base)
                .withRequestRetryBackoffLimit(requestRetryBackoffLimit)
                .withUserAgent(userAgent(service))
                .build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(new JdkHttpClientFactory()).build();
    }

    public static String userAgent(String service) {
        return "spotwise-" + service + "/" + VERSION;
    }
}
