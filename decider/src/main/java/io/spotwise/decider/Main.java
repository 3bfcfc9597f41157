package io.spotwise.decider;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.common.k8s.KubernetesClients;
import io.spotwise.common.service.Launch;
import io.spotwise.common.service.ServiceLauncher;
import io.spotwise.common.service.TopicsAtStart;
import io.spotwise.common.time.ServiceClocks;
import java.util.Map;

/**
 * The decider's composition root: the shared launcher reads the environment, checks the topics and stops what this
 * starts in the reverse order on shutdown. A failed start prints one line naming the cause and exits with status 1.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        ServiceLauncher.main("decider", Main::config, Main::start);
    }

    /** The config, with the policy settings validated too (a bad combination stops the start with one line). */
    static DeciderConfig config(Map<String, String> env) {
        DeciderConfig config = DeciderConfig.from(env);
        Decider.settings(config);
        return config;
    }

    /** Starts one decider; stopped in the reverse order: decider, Kubernetes client (then Vert.x). */
    static void start(DeciderConfig config, Launch launch) throws Exception {
        KubernetesClient kubernetes = launch.closing("Kubernetes client", KubernetesClients.create("decider", 3));
        Decider decider = new Decider(launch.vertx(), config, kubernetes, ServiceClocks.system());
        launch.stopping("decider", decider::stop);
        launch.await("Decider start", decider.start());
    }

    /** Creates or verifies the topics, waiting at most the start timeout for Kafka. */
    static void ensureTopics(DeciderConfig config) throws InterruptedException {
        TopicsAtStart.ensure(config, "spotwise-decider-bootstrap");
    }
}
