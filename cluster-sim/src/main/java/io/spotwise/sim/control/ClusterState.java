package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One consistent read of everything the control plane looks at. Pods are read first: any pod seen has an owner
 * that was created before it, so a missing owner really is gone (garbage collection relies on this).
 */
record ClusterState(List<Pod> pods, List<Deployment> deployments, List<ReplicaSet> replicaSets,
                    List<StatefulSet> statefulSets, List<Node> nodes, List<PodDisruptionBudget> budgets) {

    static ClusterState read(KubernetesClient client) {
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
        return new ClusterState(pods,
                client.apps().deployments().inAnyNamespace().list().getItems(),
                client.apps().replicaSets().inAnyNamespace().list().getItems(),
                client.apps().statefulSets().inAnyNamespace().list().getItems(),
                client.nodes().list().getItems(),
                client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems());
    }

    List<Pod> podsControlledBy(HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        return pods.stream().filter(p -> controllerOf(p).map(o -> uid.equals(o.getUid())).orElse(false)).toList();
    }

    Set<String> liveUids() {
        return java.util.stream.Stream.of(deployments, replicaSets, statefulSets).flatMap(List::stream)
                .map(o -> o.getMetadata().getUid()).collect(Collectors.toSet());
    }

    Set<String> nodeNames() {
        return nodes.stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
    }

    static Optional<OwnerReference> controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        return refs == null ? Optional.empty()
                : refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    static boolean isActive(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return pod.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean isBound(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
    }
}
