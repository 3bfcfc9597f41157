package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import io.spotwise.contract.RevisionLabels;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Deployment → ReplicaSets named {@code <deploy>-<pod-template-hash>}. A template change starts a rolling update:
 * the new ReplicaSet grows by maxSurge while old ones shrink as new pods become ready.
 */
final class DeploymentController {

    static final String REVISION = "deployment.kubernetes.io/revision";

    private final KubernetesClient client;

    DeploymentController(KubernetesClient client) {
        this.client = client;
    }

    void reconcile(ClusterState state, Set<String> dirty) {
        for (String uid : dirty) {
            Deployment d = state.deployments.get(uid);
            if (d != null && d.getMetadata().getDeletionTimestamp() == null) {
                reconcile(state, d);
            }
        }
    }

    private void reconcile(ClusterState state, Deployment d) {
        String uid = d.getMetadata().getUid();
        List<ReplicaSet> owned = state.replicaSetsControlledBy(uid);
        String hash = TemplateHash.of(d.getSpec().getTemplate());
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        Optional<ReplicaSet> current = owned.stream()
                .filter(rs -> hash.equals(rs.getMetadata().getLabels().get(RevisionLabels.POD_TEMPLATE_HASH))).findFirst();
        List<ReplicaSet> old = owned.stream().filter(rs -> current.map(c -> c != rs).orElse(true)).toList();
        int oldTotal = old.stream().mapToInt(DeploymentController::replicas).sum();
        int surge = surge(d, desired);
        if (current.isEmpty()) {
            int revision = owned.stream().mapToInt(DeploymentController::revision).max().orElse(0) + 1;
            int initial = Math.max(0, Math.min(desired, desired + surge - oldTotal));
            client.apps().replicaSets().inNamespace(d.getMetadata().getNamespace())
                    .resource(newReplicaSet(d, hash, revision, initial)).create();
            return;
        }
        ReplicaSet rs = current.get();
        int newReady = readyPods(state, rs);
        int newTarget = oldTotal == 0 ? desired
                : Math.min(desired, Math.max(replicas(rs), desired + surge - oldTotal));
        if (newTarget != replicas(rs)) {
            scale(rs, newTarget);
        }
        int oldAllowed = Math.max(0, desired - newReady);
        int excess = oldTotal - oldAllowed;
        for (ReplicaSet o : old.stream().sorted(Comparator.comparingInt(DeploymentController::revision)).toList()) {
            if (excess <= 0) {
                break;
            }
            int cut = Math.min(excess, replicas(o));
            if (cut > 0) {
                scale(o, replicas(o) - cut);
                excess -= cut;
            }
        }
        updateStatus(state, d, owned, rs);
    }

    private void updateStatus(ClusterState state, Deployment d, List<ReplicaSet> owned, ReplicaSet current) {
        int replicas = 0;
        int ready = 0;
        for (ReplicaSet rs : owned) {
            List<Pod> pods = state.podsControlledBy(rs).stream()
                    .filter(ClusterState::isActive).toList();
            replicas += pods.size();
            ready += (int) pods.stream().filter(ClusterState::isReady).count();
        }
        int updated = (int) state.podsControlledBy(current).stream().filter(ClusterState::isActive).count();
        int desired = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        DeploymentStatus status = new DeploymentStatusBuilder().withObservedGeneration(d.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(updated).withReadyReplicas(ready)
                .withAvailableReplicas(ready).withUnavailableReplicas(Math.max(0, desired - ready))
                .withConditions(d.getStatus() == null ? null : d.getStatus().getConditions()).build();
        if (!status.equals(d.getStatus())) {
            client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                    .resource(new DeploymentBuilder(d).withStatus(status).build())
                    .updateStatus();
        }
    }

    private int readyPods(ClusterState state, ReplicaSet rs) {
        return (int) state.podsControlledBy(rs).stream().filter(ClusterState::isActive)
                .filter(ClusterState::isReady).count();
    }

    private void scale(ReplicaSet rs, int replicas) {
        client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    private static int revision(ReplicaSet rs) {
        Map<String, String> a = rs.getMetadata().getAnnotations();
        try {
            return a == null ? 0 : Integer.parseInt(a.getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int surge(Deployment d, int desired) {
        IntOrString s = d.getSpec().getStrategy() == null || d.getSpec().getStrategy().getRollingUpdate() == null
                ? null : d.getSpec().getStrategy().getRollingUpdate().getMaxSurge();
        if (s == null) {
            return Math.max(1, (int) Math.ceil(desired * 0.25));
        }
        if (s.getIntVal() != null) {
            return Math.max(1, s.getIntVal());
        }
        double pct = Double.parseDouble(s.getStrVal().replace("%", ""));
        return Math.max(1, (int) Math.ceil(desired * pct / 100.0));
    }

    private static ReplicaSet newReplicaSet(Deployment d, String hash, int revision, int replicas) {
        PodTemplateSpec template = new PodTemplateSpecBuilder(d.getSpec().getTemplate()).editOrNewMetadata()
                .addToLabels(RevisionLabels.POD_TEMPLATE_HASH, hash).endMetadata().build();
        LabelSelector selector = new LabelSelectorBuilder(d.getSpec().getSelector()).addToMatchLabels(RevisionLabels.POD_TEMPLATE_HASH, hash)
                .build();
        Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
        return new ReplicaSetBuilder()
                .withNewMetadata().withName(d.getMetadata().getName() + "-" + hash)
                .withNamespace(d.getMetadata().getNamespace()).withLabels(labels)
                .addToAnnotations(REVISION, String.valueOf(revision))
                .addToAnnotations("deployment.kubernetes.io/desired-replicas", String.valueOf(d.getSpec().getReplicas()))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid()).withController(true)
                        .withBlockOwnerDeletion(true).build())
                .endMetadata()
                .withNewSpec().withReplicas(replicas).withSelector(selector).withTemplate(template).endSpec()
                .build();
    }
}
