package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Set;

/** Deletes pods and ReplicaSets whose controlling owner no longer exists (background cascading deletion). */
final class GarbageCollector {

    private final KubernetesClient client;

    GarbageCollector(KubernetesClient client) {
        this.client = client;
    }

    void reconcile(ClusterState state) {
        Set<String> live = state.liveUids();
        for (ReplicaSet rs : state.replicaSets()) {
            if (orphaned(rs, live)) {
                client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                        .withName(rs.getMetadata().getName()).delete();
            }
        }
        for (Pod pod : state.pods()) {
            if (orphaned(pod, live)) {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .delete();
            }
        }
    }

    private static boolean orphaned(HasMetadata object, Set<String> live) {
        return ClusterState.controllerOf(object)
                .filter(o -> Set.of("ReplicaSet", "StatefulSet", "Deployment").contains(o.getKind()))
                .map(o -> !live.contains(o.getUid())).orElse(false);
    }
}
