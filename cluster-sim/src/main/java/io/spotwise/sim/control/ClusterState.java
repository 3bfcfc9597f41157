package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the control plane knows of the cluster: every object it looks at, kept up to date change by change (see
 * {@link ChangeFeed}) with indexes by controlling owner, node and namespace, so a controller reads only the objects
 * of what it reconciles instead of scanning everything. Only the control-plane thread touches it.
 */
final class ClusterState {

    final Map<String, Pod> pods = new LinkedHashMap<>();
    final Map<String, Deployment> deployments = new LinkedHashMap<>();
    final Map<String, ReplicaSet> replicaSets = new LinkedHashMap<>();
    final Map<String, StatefulSet> statefulSets = new LinkedHashMap<>();
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Map<String, PodDisruptionBudget> budgets = new LinkedHashMap<>();
    private final Index podsByOwner = new Index();
    private final Index replicaSetsByOwner = new Index();
    private final Index podsByNode = new Index();
    private final Index podsByNamespace = new Index();
    /** Active pods without a node, waiting for the scheduler. */
    final Set<String> unbound = new LinkedHashSet<>();
    /** Bound pods the kubelet still has to start or to finish terminating. */
    final Set<String> kubeletWork = new LinkedHashSet<>();

    List<Pod> podsControlledBy(HasMetadata owner) {
        return podsByOwner.get(owner.getMetadata().getUid()).stream().map(pods::get).toList();
    }

    List<ReplicaSet> replicaSetsControlledBy(String deploymentUid) {
        return replicaSetsByOwner.get(deploymentUid).stream().map(replicaSets::get).toList();
    }

    List<Pod> podsOnNode(String node) {
        return podsByNode.get(node).stream().map(pods::get).toList();
    }

    List<Pod> podsInNamespace(String namespace) {
        return podsByNamespace.get(namespace).stream().map(pods::get).toList();
    }

    /** Active pods bound to {@code node}, what the scheduler weighs. */
    int load(String node) {
        int n = 0;
        for (String uid : podsByNode.get(node)) {
            if (isActive(pods.get(uid))) {
                n++;
            }
        }
        return n;
    }

    boolean isLiveOwner(String uid) {
        return deployments.containsKey(uid) || replicaSets.containsKey(uid) || statefulSets.containsKey(uid);
    }

    Collection<Node> nodes() {
        return nodes.values();
    }

    void putPod(Pod pod) {
        removePod(pod.getMetadata().getUid());
        String uid = pod.getMetadata().getUid();
        pods.put(uid, pod);
        controllerOf(pod).ifPresent(o -> podsByOwner.add(o.getUid(), uid));
        podsByNamespace.add(pod.getMetadata().getNamespace(), uid);
        if (isBound(pod)) {
            podsByNode.add(pod.getSpec().getNodeName(), uid);
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (pod.getMetadata().getDeletionTimestamp() != null || (isActive(pod) && !"Running".equals(phase))) {
                kubeletWork.add(uid);
            }
        } else if (isActive(pod)) {
            unbound.add(uid);
        }
    }

    Pod removePod(String uid) {
        Pod old = pods.remove(uid);
        if (old != null) {
            controllerOf(old).ifPresent(o -> podsByOwner.remove(o.getUid(), uid));
            podsByNamespace.remove(old.getMetadata().getNamespace(), uid);
            if (isBound(old)) {
                podsByNode.remove(old.getSpec().getNodeName(), uid);
            }
            unbound.remove(uid);
            kubeletWork.remove(uid);
        }
        return old;
    }

    void putReplicaSet(ReplicaSet rs) {
        removeReplicaSet(rs.getMetadata().getUid());
        replicaSets.put(rs.getMetadata().getUid(), rs);
        controllerOf(rs).ifPresent(o -> replicaSetsByOwner.add(o.getUid(), rs.getMetadata().getUid()));
    }

    ReplicaSet removeReplicaSet(String uid) {
        ReplicaSet old = replicaSets.remove(uid);
        if (old != null) {
            controllerOf(old).ifPresent(o -> replicaSetsByOwner.remove(o.getUid(), uid));
        }
        return old;
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

    /** Key → set of object UIDs, insertion-ordered. */
    private static final class Index {
        private final Map<String, Set<String>> sets = new HashMap<>();

        Set<String> get(String key) {
            return sets.getOrDefault(key, Set.of());
        }

        void add(String key, String uid) {
            sets.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(uid);
        }

        void remove(String key, String uid) {
            Set<String> s = sets.get(key);
            if (s != null && s.remove(uid) && s.isEmpty()) {
                sets.remove(key);
            }
        }
    }
}
