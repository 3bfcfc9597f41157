package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** ReplicaSet → pods {@code <rs>-<5 chars>}; scale-down picks pods as Kubernetes ranks them ({@link PodDeletionRanking}). */
final class ReplicaSetController {

    private final KubernetesClient client;

    ReplicaSetController(KubernetesClient client) {
        this.client = client;
    }

    void reconcile(ClusterState state) {
        for (ReplicaSet rs : state.replicaSets()) {
            if (rs.getMetadata().getDeletionTimestamp() == null) {
                reconcile(state, rs);
            }
        }
    }

    private void reconcile(ClusterState state, ReplicaSet rs) {
        List<Pod> active = state.podsControlledBy(rs).stream().filter(ClusterState::isActive).toList();
        int want = DeploymentController.replicas(rs);
        String ns = rs.getMetadata().getNamespace();
        for (int i = active.size(); i < want; i++) {
            client.pods().inNamespace(ns).resource(PodFactory.fromTemplate(rs.getSpec().getTemplate(), rs, null,
                    rs.getMetadata().getName() + "-", Map.of())).create();
        }
        if (active.size() > want) {
            active.stream().sorted(PodDeletionRanking.of(relatedPods(state, rs), Instant.now()))
                    .limit(active.size() - want)
                    .forEach(p -> client.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete());
        }
        int ready = (int) active.stream().filter(ClusterState::isReady).count();
        ReplicaSetStatus status = new ReplicaSetStatusBuilder().withReplicas(active.size())
                .withFullyLabeledReplicas(active.size()).withReadyReplicas(ready).withAvailableReplicas(ready)
                .withObservedGeneration(rs.getMetadata().getGeneration()).build();
        if (!status.equals(rs.getStatus())) {
            rs.setStatus(status);
            client.apps().replicaSets().inNamespace(ns).resource(rs).updateStatus();
        }
    }

    /** The pods of this ReplicaSet and of its siblings (same controlling owner), as getIndirectlyRelatedPods. */
    private static List<Pod> relatedPods(ClusterState state, ReplicaSet rs) {
        String owner = ClusterState.controllerOf(rs).map(o -> o.getUid()).orElse(null);
        if (owner == null) {
            return state.podsControlledBy(rs);
        }
        return state.replicaSets().stream()
                .filter(s -> owner.equals(ClusterState.controllerOf(s).map(o -> o.getUid()).orElse(null)))
                .flatMap(s -> state.podsControlledBy(s).stream()).toList();
    }
}
