package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ReplicaSet → pods {@code <rs>-<5 chars>}, created concurrently in slow-start batches; scale-down picks pods as Kubernetes ranks them
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
        Map<ReplicaSet, Integer> missing = new LinkedHashMap<>();
        for (String uid : dirty) {
            ReplicaSet rs = state.replicaSets.get(uid);
            if (rs != null && rs.getMetadata().getDeletionTimestamp() == null) {
                int n = reconcile(state, rs);
                if (n > 0) {
                    missing.put(rs, n);
                }
            }
        }
        createInSlowStartBatches(missing);
    }

    /**
     * Like the ReplicaSet controller's slowStartBatch: per ReplicaSet 1 pod, then 2, 4, 8, ... each batch once the
     * previous one is created; the batches of all ReplicaSets go out together.
     */
    private void createInSlowStartBatches(Map<ReplicaSet, Integer> missing) {
        for (int batch = 1; !missing.isEmpty(); batch *= 2) {
            for (Map.Entry<ReplicaSet, Integer> e : missing.entrySet()) {
                ReplicaSet rs = e.getKey();
                int n = Math.min(batch, e.getValue());
                for (int i = 0; i < n; i++) {
                    Pod pod = PodFactory.fromTemplate(rs.getSpec().getTemplate(), rs, null,
                            rs.getMetadata().getName() + "-", Map.of());
                    writes.submit(() -> client.pods().inNamespace(rs.getMetadata().getNamespace()).resource(pod)
                            .create());
                }
                e.setValue(e.getValue() - n);
            }
            writes.await();
            missing.values().removeIf(n -> n == 0);
        }
    }

    /** Deletes surplus pods and writes the status; returns how many pods are missing. */
    private int reconcile(ClusterState state, ReplicaSet rs) {
        List<Pod> active = state.podsControlledBy(rs).stream().filter(ClusterState::isActive).toList();
        int want = DeploymentController.replicas(rs);
        String ns = rs.getMetadata().getNamespace();
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
        return Math.max(0, want - active.size());
    }

    /** The pods of this ReplicaSet and of its siblings (same controlling owner), as getIndirectlyRelatedPods. */
    private static List<Pod> relatedPods(ClusterState state, ReplicaSet rs) {
        return ClusterState.controllerOf(rs)
                .map(o -> state.replicaSetsControlledBy(o.getUid()).stream()
                        .flatMap(s -> state.podsControlledBy(s).stream()).toList())
                .orElseGet(() -> state.podsControlledBy(rs));
    }
}
