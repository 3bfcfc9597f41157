package io.spotwise.sandbox;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.common.k8s.SpotwiseKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The story the local run tells: a Deployment of 10 replicas at 60 % / min 2 converges to 6 spot / 4 on-demand; spot
 * capacity disappears; the pending spot pods time out and fall back to on-demand; spot comes back; after the window
 * spot placement resumes and rebalancing brings the split back to 6 / 4. Each phase waits on what a user would see
 * with kubectl (pods and Events), printing the live table and the events as they happen.
 */
public final class DemoScenario {

    public static final String NAMESPACE = "demo";
    public static final String WORKLOAD = "Deployment/web";

    private final Stack stack;
    private final KubernetesClient client;
    private final Terminal terminal;
    private final ClusterView view;
    private final EventFeed events;
    private final Map<String, Duration> phases = new LinkedHashMap<>();
    private String lastTable = "";

    public DemoScenario(Stack stack, KubernetesClient client, Terminal terminal) {
        this.stack = stack;
        this.client = client;
        this.terminal = terminal;
        this.view = new ClusterView(client, SpotwiseKeys.DEFAULT, 100, 0);
        this.events = new EventFeed(client, NAMESPACE);
    }

    /** Runs the whole story; returns true when every phase reached its expected state. */
    public boolean run(Duration phaseTimeout) {
        createWorkload();
        boolean ok = phase("Converge to 6 spot / 4 on-demand", phaseTimeout, r -> r.spot() == 6 && r.onDemand() == 4 && r.pending() == 0);
        if (ok) {
            terminal.step("Spot outage: every spot node disappears");
            terminal.info("removed " + stack.sim().spotOutage());
            ok = phase("Fallback: pending spot pods time out → spot disabled → all on-demand", phaseTimeout,
                    r -> r.onDemand() == 10 && r.pending() == 0 && events.count("SpotSchedulingDisabled") >= 1);
        }
        if (ok) {
            terminal.step("Spot capacity is back");
            terminal.info("added " + stack.sim().restoreSpot());
            ok = phase("Window ends → spot re-enabled → rebalancing back to 6 / 4", phaseTimeout.multipliedBy(3),
                    r -> r.spot() == 6 && r.onDemand() == 4 && r.pending() == 0 && events.count("SpotSchedulingEnabled") >= 1);
        }
        summary(ok);
        return ok;
    }

    public void createWorkload() {
        terminal.step("Create Deployment web: 10 replicas, spot-config {\"percentage\":60,\"minOnDemandReplicas\":2}");
        SpotwiseKeys keys = SpotwiseKeys.DEFAULT;
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).createOr(n -> n.update());
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(NAMESPACE)
                .addToLabels(keys.spotEnabled(), "true")
                .addToAnnotations(keys.spotConfig(), "{\"percentage\":60,\"minOnDemandReplicas\":2}")
                .endMetadata()
                .withNewSpec().withReplicas(10)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(NAMESPACE).resource(d).create();
    }

    private boolean phase(String name, Duration timeout, Predicate<WorkloadRow> done) {
        terminal.step(name);
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            events.poll().forEach(terminal::event);
            WorkloadRow row = view.row(NAMESPACE, WORKLOAD, Instant.now());
            printTableIfChanged();
            if (done.test(row)) {
                phases.put(name, Duration.between(start, Instant.now()));
                return true;
            }
            pause();
        }
        terminal.info("NOT REACHED within " + timeout.toSeconds() + " s");
        return false;
    }

    private void printTableIfChanged() {
        List<WorkloadRow> rows = view.rows(NAMESPACE, Instant.now());
        String key = rows.toString();
        if (!key.equals(lastTable)) {
            terminal.table(Instant.now(), rows);
            lastTable = key;
        }
    }

    private void summary(boolean ok) {
        terminal.step(ok ? "Summary: every phase reached" : "Summary: the scenario did NOT complete");
        phases.forEach((name, took) -> terminal.info(String.format("%-75s %5.1f s", name, took.toMillis() / 1000.0)));
        for (String reason : List.of("SpotSchedulingDisabled", "SpotFallbackEviction", "SpotSchedulingEnabled", "SpotRebalancingEviction",
                "SpotEvictionBlocked", "SpotConfigInvalid")) {
            terminal.info(String.format("%-26s %d", reason, events.count(reason)));
        }
        terminal.table(Instant.now(), view.rows(NAMESPACE, Instant.now()));
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
