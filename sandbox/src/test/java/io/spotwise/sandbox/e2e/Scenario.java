package io.spotwise.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.sandbox.ClusterView;
import io.spotwise.sandbox.Stack;
import io.spotwise.sandbox.WorkloadRow;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** What an end-to-end test does as a user would: create workloads, read pods and Events, through the API server. */
public final class Scenario implements AutoCloseable {

    public static final SpotwiseKeys KEYS = SpotwiseKeys.DEFAULT;

    private final Stack stack;
    private final KubernetesClient client;
    private final String namespace;
    private final ClusterView view;

    public Scenario(Stack stack, String namespace) {
        this(stack, namespace, KEYS);
    }

    /** @param keys the keys under the prefix the stack runs with (SPOTWISE_PREFIX) */
    public Scenario(Stack stack, String namespace, SpotwiseKeys keys) {
        this.stack = stack;
        this.client = stack.client();
        this.namespace = namespace;
        this.view = new ClusterView(client, keys, 100, 0);
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }

    public KubernetesClient client() {
        return client;
    }

    public String namespace() {
        return namespace;
    }

    public Deployment deployment(String name, int replicas, boolean enabled, String spotConfig) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec();
        if (enabled) {
            b.editMetadata().addToLabels(KEYS.spotEnabled(), "true").endMetadata();
        }
        if (spotConfig != null) {
            b.editMetadata().addToAnnotations(KEYS.spotConfig(), spotConfig).endMetadata();
        }
        return client.apps().deployments().inNamespace(namespace).resource(b.build()).create();
    }

    public StatefulSet statefulSet(String name, int replicas, String spotConfig) {
        StatefulSet s = new StatefulSetBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(KEYS.spotEnabled(), "true").addToAnnotations(KEYS.spotConfig(), spotConfig).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("postgres:17").endContainer().endSpec()
                .endTemplate().endSpec().build();
        return client.apps().statefulSets().inNamespace(namespace).resource(s).create();
    }

    /**
     * A JSON merge patch on the Deployment, as {@code kubectl annotate/label/patch} send it: no resourceVersion, so a
     * controller writing the object at the same moment cannot make it fail with a conflict.
     */
    public void patchDeployment(String name, String mergePatch) {
        client.apps().deployments().inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
    }

    /** Merge-patch JSON setting one metadata label or annotation (null value removes it). */
    public static String metadata(String field, String key, String value) {
        return "{\"metadata\":{\"" + field + "\":{\"" + key + "\":" + (value == null ? "null" : "\"" + value.replace("\"", "\\\"") + "\"") + "}}}";
    }

    public WorkloadRow row(String workload) {
        return view.row(namespace, workload, Instant.now());
    }

    /** Waits until the workload runs exactly this split with nothing Pending. */
    public void awaitSplit(String workload, int spot, int onDemand, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            WorkloadRow r = row(workload);
            assertThat(r.spot() + "/" + r.onDemand() + " pending " + r.pending())
                    .as("%s spot/on-demand", workload).isEqualTo(spot + "/" + onDemand + " pending 0");
        });
    }

    public List<Pod> pods(String app) {
        return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    /** Events of this namespace with the reason, oldest first. */
    public List<Event> events(String reason) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .sorted(Comparator.comparing(Scenario::firstSeen))
                .toList();
    }

    /** Events of this namespace with any of the given reasons, in the order they were first written. */
    public List<Event> eventsInOrder(List<String> reasons) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> reasons.contains(e.getReason()))
                .sorted(Comparator.comparing(Scenario::firstSeen))
                .toList();
    }

    public int total(String reason) {
        return events(reason).stream().mapToInt(e -> e.getCount() == null ? 1 : e.getCount()).sum();
    }

    private static String firstSeen(Event e) {
        if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
            return e.getEventTime().getTime();
        }
        return e.getFirstTimestamp() == null ? "" : e.getFirstTimestamp();
    }

    public Map<String, String> annotations(String kind, String name) {
        var meta = "StatefulSet".equals(kind)
                ? client.apps().statefulSets().inNamespace(namespace).withName(name).get().getMetadata()
                : client.apps().deployments().inNamespace(namespace).withName(name).get().getMetadata();
        return meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    }

    /** Deletes this test's workloads (their pods follow through garbage collection) so capacity is free for the next. */
    @Override
    public void close() {
        try {
            client.apps().deployments().inNamespace(namespace).delete();
            client.apps().statefulSets().inNamespace(namespace).delete();
            client.policy().v1().podDisruptionBudget().inNamespace(namespace).delete();
        } finally {
            client.close();
        }
    }
}
