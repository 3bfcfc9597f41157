package io.spotwise.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.bench.PhaseResult.Phase;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.sandbox.Stack;
import io.spotwise.sandbox.StackKafka;
import io.spotwise.sandbox.StackSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration through every phase on a fresh stack (broker, simulated cluster, the three services as JVMs):
 * create the workloads and let them converge, take every spot node away, then bring spot back. Each phase ends when
 * every workload is at its target as the pods show it, or at the phase timeout (for the recovery, counted from the end
 * of the last fallback window).
 */
final class BenchRun {

    static final String NAMESPACE = "bench";
    /** Kubernetes' default pod limit per node. */
    static final int PODS_PER_NODE = 110;
    static final SpotwiseKeys KEYS = SpotwiseKeys.DEFAULT;

    private final BenchSettings s;
    private final Pacing pacing;
    private final List<String> names = new ArrayList<>();

    BenchRun(BenchSettings s, Pacing pacing) {
        this.s = s;
        this.pacing = pacing;
        for (int i = 1; i <= s.workloads(); i++) {
            names.add(String.format("w%04d", i));
        }
    }

    RunResult run() {
        Map<String, String> t = Pacing.timings(s);
        int onDemandNodes = Math.max(3, (int) Math.ceil(s.totalPods() * 1.2 / PODS_PER_NODE));
        int spotNodes = Math.max(3, (int) Math.ceil(s.desiredSpot() * s.workloads() * 1.2 / PODS_PER_NODE));
        StackSettings stackSettings = new StackSettings(s.home().resolve(pacing.id()), 0, 0, onDemandNodes, spotNodes, PODS_PER_NODE,
                Duration.ofMillis(300), t.get("scheduleTimeout"), t.get("fallbackWindow"), t.get("stabilization"), t.get("tick"), Map.of());
        Instant started = Instant.now();
        try (Stack stack = Stack.start(stackSettings, StackKafka.plaintext(), pacing.environment(s));
             KubernetesClient client = stack.client();
             PodCensus census = new PodCensus(client, NAMESPACE, KEYS.spotAssigned())) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
            PhaseWatch watch = new PhaseWatch(census, names, s);
            List<PhaseWatch.Span> spans = new ArrayList<>();
            spans.add(watch.run(Phase.CONVERGE, s.desiredSpot(), () -> {
                names.forEach(n -> create(client, n));
                return null;
            }));
            spans.add(watch.run(Phase.FALLBACK, 0, () -> {
                stack.sim().spotOutage();
                return null;
            }));
            Instant[] windowEnd = new Instant[1];
            spans.add(watch.run(Phase.RECOVERY, s.desiredSpot(), () -> {
                stack.sim().restoreSpot();
                windowEnd[0] = lastWindowEnd(client);
                return windowEnd[0];
            }));
            Evictions evictions = new Evictions(stack.sim().requests(), NAMESPACE, ActionLog.read(stack.kafkaAdminSettings()));
            List<PhaseResult> results = new ArrayList<>();
            for (PhaseWatch.Span span : spans) {
                results.add(span.result(evictions, span.phase() == Phase.RECOVERY ? windowEnd[0] : null, pacing.rebalanceRate(s)));
            }
            return new RunResult(pacing, started, onDemandNodes, spotNodes, results);
        }
    }

    private void create(KubernetesClient client, String name) {
        Deployment d = new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .addToLabels(KEYS.spotEnabled(), "true")
                .addToAnnotations(KEYS.spotConfig(), "{\"percentage\":" + s.percentage() + ",\"minOnDemandReplicas\":0}")
                .endMetadata()
                .withNewSpec().withReplicas(s.replicas())
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(NAMESPACE).resource(d).create();
    }

    /** The latest {@code spot-disabled-until} on the workloads: spot placement stays off for them until then. */
    private static Instant lastWindowEnd(KubernetesClient client) {
        Instant last = null;
        for (Deployment d : client.apps().deployments().inNamespace(NAMESPACE).list().getItems()) {
            String until = d.getMetadata().getAnnotations() == null ? null : d.getMetadata().getAnnotations().get(KEYS.spotDisabledUntil());
            if (until != null) {
                Instant i = Instant.parse(until);
                last = last == null || i.isAfter(last) ? i : last;
            }
        }
        return last;
    }

    /** Every phase of one configuration. */
    record RunResult(Pacing pacing, Instant started, int onDemandNodes, int spotNodes, List<PhaseResult> phases) {
        Map<Phase, PhaseResult> byPhase() {
            Map<Phase, PhaseResult> m = new LinkedHashMap<>();
            phases.forEach(p -> m.put(p.phase(), p));
            return m;
        }
    }
}
