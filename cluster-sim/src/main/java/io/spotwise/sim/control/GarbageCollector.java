package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Set;

/**
 * Deletes pods and ReplicaSets whose controlling owner no longer exists (background cascading deletion). Looks at
 * the objects that changed and at the dependents of owners that were deleted.
 */
final class GarbageCollector {

    private static final Set<String> OWNER_KINDS = Set.of("ReplicaSet", "StatefulSet", "Deployment");

    private final KubernetesClient client;

    GarbageCollector(KubernetesClient client) {
        this.client = client;
    }

    void reconcile(ClusterState state, Dirty dirty) {
        for (String uid : dirty.orphanCandidates) {
            ReplicaSet rs = state.replicaSets.get(uid);
            if (rs != null && orphaned(rs, state)) {
                client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                        .withName(rs.getMetadata().getName()).delete();
            }
            Pod pod = state.pods.get(uid);
            if (pod != null && orphaned(pod, state)) {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .delete();
            }
        }
    }

    private static boolean orphaned(HasMetadata object, ClusterState state) {
        return ClusterState.controllerOf(object).filter(o -> OWNER_KINDS.contains(o.getKind()))
                .map(o -> !state.isLiveOwner(o.getUid())).orElse(false);
    }
}
