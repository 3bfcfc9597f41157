package io.spotwise.chaos;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The campaign's workloads (four Deployments and a StatefulSet in one namespace) as the generator last set them, and
 * when each had a PodDisruptionBudget — the checker needs both.
 */
public final class Workloads {

    /** At most this many replicas in total, so on-demand capacity (3 nodes x 10) holds everything during an outage. */
    static final int MAX_TOTAL_REPLICAS = 24;

    /** One workload as the generator last set it. */
    public static final class Workload {
        final String kind;
        final String name;
        int replicas;
        boolean enabled = true;
        String config;
        boolean pdb;

        Workload(String kind, String name) {
            this.kind = kind;
            this.name = name;
        }

        public String kind() {
            return kind;
        }

        public String name() {
            return name;
        }

        public boolean enabled() {
            return enabled;
        }

        @Override
        public String toString() {
            return kind + "(chaos/" + name + ")";
        }
    }

    /** A PodDisruptionBudget (maxUnavailable 1, selector app=workload) existed from {@code from} to {@code to} (null: still). */
    public record BudgetInterval(String workload, Instant from, Instant to) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final List<Workload> all = List.of(new Workload("Deployment", "web"), new Workload("Deployment", "api"),
            new Workload("Deployment", "worker"), new Workload("Deployment", "batch"), new Workload("StatefulSet", "db"));
    private final List<BudgetInterval> budgets = new ArrayList<>();

    public Workloads(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    public List<Workload> all() {
        return all;
    }

    void createNamespace() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }

    void create(Workload w) {
        var meta = new ObjectMetaBuilder().withName(w.name).withNamespace(namespace)
                .addToLabels(WorkloadGenerator.KEYS.spotEnabled(), "true")
                .addToAnnotations(WorkloadGenerator.KEYS.spotConfig(), w.config).build();
        if (w.kind.equals("StatefulSet")) {
            client.apps().statefulSets().inNamespace(namespace).resource(new StatefulSetBuilder().withMetadata(meta)
                    .withNewSpec().withReplicas(w.replicas).withServiceName(w.name)
                    .withNewSelector().addToMatchLabels("app", w.name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", w.name).endMetadata()
                    .withNewSpec().addNewContainer().withName(w.name).withImage("postgres:17").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        } else {
            client.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder().withMetadata(meta)
                    .withNewSpec().withReplicas(w.replicas)
                    .withNewSelector().addToMatchLabels("app", w.name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", w.name).endMetadata()
                    .withNewSpec().addNewContainer().withName(w.name).withImage("nginx:1.27").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
        }
    }

    /** A JSON merge patch, as kubectl sends it (no resourceVersion: never conflicts with the controllers). */
    void patch(Workload w, String mergePatch) {
        if (w.kind.equals("StatefulSet")) {
            client.apps().statefulSets().inNamespace(namespace).withName(w.name).patch(WorkloadGenerator.mergePatch(), mergePatch);
        } else {
            client.apps().deployments().inNamespace(namespace).withName(w.name).patch(WorkloadGenerator.mergePatch(), mergePatch);
        }
    }

    synchronized void pdbAdded(Workload w) {
        w.pdb = true;
        budgets.add(new BudgetInterval(w.name, Instant.now(), null));
    }

    synchronized void pdbRemoved(Workload w) {
        w.pdb = false;
        for (int i = 0; i < budgets.size(); i++) {
            BudgetInterval b = budgets.get(i);
            if (b.workload().equals(w.name) && b.to() == null) {
                budgets.set(i, new BudgetInterval(b.workload(), b.from(), Instant.now()));
            }
        }
    }

    public synchronized List<BudgetInterval> budgets() {
        return List.copyOf(budgets);
    }
}
