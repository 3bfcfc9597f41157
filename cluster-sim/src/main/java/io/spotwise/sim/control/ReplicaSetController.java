package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ReplicaSet → pods {@code <rs>-<5 chars>}, created concurrently; scale-down picks pods as Kubernetes ranks them
 * ({@link PodDeletionRanking}). Only ReplicaSets whose pods or spec changed are reconciled.
 */
final class ReplicaSetController {

    private final KubernetesClient client;
    private final Writes writes;

    ReplicaSetController(KubernetesClient client, Writes writes) {
        this.client = client;
        this.writes = writes;
    }

    void reconcile(ClusterState state, Set<String> dirty) {
        for (String uid : dirty) {
            ReplicaSet rs = state.replicaSets.get(uid);
            if (rs != null && rs.getMetadata().getDeletionTimestamp() == null) {
                reconcile(state, rs);
            }
        }
        writes.await();
    }

    private void reconcile(ClusterState state, ReplicaSet rs) {
        List<Pod> active = state.podsControlledBy(rs).stream().filter(ClusterState::isActive).toList();
        int want = DeploymentController.replicas(rs);
        String ns = rs.getMetadata().getNamespace();
        for (int i = active.size(); i < want; i++) {
            Pod pod = PodFactory.fromTemplate(rs.getSpec().getTemplate(), rs, null, rs.getMetadata().getName() + "-",
                    Map.of());
            writes.submit(() -> client.pods().inNamespace(ns).resource(pod).create());
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
            client.apps().replicaSets().inNamespace(ns)
                    .resource(new ReplicaSetBuilder(rs).withStatus(status).build()).updateStatus();
        }
    }

    /** The pods of this ReplicaSet and of its siblings (same controlling owner), as getIndirectlyRelatedPods. */
    private static List<Pod> relatedPods(ClusterState state, ReplicaSet rs) {
        return ClusterState.controllerOf(rs)
                .map(o -> state.replicaSetsControlledBy(o.getUid()).stream()
                        .flatMap(s -> state.podsControlledBy(s).stream()).toList())
                .orElseGet(() -> state.podsControlledBy(rs));
    }
}
