package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.spotwise.sim.api.watch.StoreListener;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The store's changes to the objects the control plane cares about, queued as they are written (in resource-version
 * order) and applied to the {@link ClusterState} at the start of a pass, marking what they make dirty: a pod its
 * controller (and a ReplicaSet's Deployment), the budgets of its namespace, the scheduler when capacity may have
 * freed up; an owner's deletion its dependents for garbage collection; a node's loss the pods bound to it.
 */
final class ChangeFeed implements StoreListener {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("/pods", Pod.class,
            "apps/deployments", Deployment.class, "apps/replicasets", ReplicaSet.class,
            "apps/statefulsets", StatefulSet.class, "/nodes", Node.class,
            "policy/poddisruptionbudgets", PodDisruptionBudget.class);

    private record Queued(String type, Class<? extends HasMetadata> kind, JsonObject object) {
    }

    private final ConcurrentLinkedQueue<Queued> queue = new ConcurrentLinkedQueue<>();
    private final Runnable wake;

    ChangeFeed(Runnable wake) {
        this.wake = wake;
    }

    @Override
    public void changed(String type, String group, String resource, JsonObject object) {
        Class<? extends HasMetadata> kind = KINDS.get(group + "/" + resource);
        if (kind != null && (!"policy".equals(group) || "policy/v1".equals(object.getString("apiVersion")))) {
            queue.add(new Queued(type, kind, object));
            wake.run();
        }
    }

    /** Applies every queued change; returns how many there were. */
    int drain(ClusterState state, Dirty dirty) {
        int n = 0;
        Queued q;
        while ((q = queue.poll()) != null) {
            HasMetadata o = Serialization.unmarshal(q.object().encode(), q.kind());
            apply(state, dirty, "DELETED".equals(q.type()), o);
            n++;
        }
        return n;
    }

    private static void apply(ClusterState state, Dirty dirty, boolean deleted, HasMetadata o) {
        String uid = o.getMetadata().getUid();
        String ns = o.getMetadata().getNamespace();
        if (o instanceof Pod pod) {
            Pod old = deleted ? state.removePod(uid) : state.pods.get(uid);
            if (!deleted) {
                state.putPod(pod);
            }
            podChanged(state, dirty, old);
            podChanged(state, dirty, pod);
            dirty.orphanCandidates.add(uid);
            if (!deleted && state.unbound.contains(uid)) {
                dirty.newlyUnbound.add(uid);
            }
            if (deleted || (old != null && ClusterState.isBound(old) && !ClusterState.isActive(pod))) {
                dirty.capacity = true;
            }
        } else if (o instanceof ReplicaSet rs) {
            ReplicaSet old = deleted ? state.removeReplicaSet(uid) : null;
            if (!deleted) {
                state.putReplicaSet(rs);
            }
            dirty.replicaSets.add(uid);
            ClusterState.controllerOf(old != null ? old : rs).ifPresent(d -> dirty.deployments.add(d.getUid()));
            dirty.orphanCandidates.add(uid);
            if (deleted) {
                state.podsControlledBy(rs).forEach(p -> dirty.orphanCandidates.add(p.getMetadata().getUid()));
            }
            dirty.budgetNamespaces.add(ns);
        } else if (o instanceof Deployment d) {
            put(state.deployments, uid, d, deleted);
            dirty.deployments.add(uid);
            if (deleted) {
                state.replicaSetsControlledBy(uid).forEach(r -> dirty.orphanCandidates.add(r.getMetadata().getUid()));
            }
            dirty.budgetNamespaces.add(ns);
        } else if (o instanceof StatefulSet sts) {
            put(state.statefulSets, uid, sts, deleted);
            dirty.statefulSets.add(uid);
            if (deleted) {
                state.podsControlledBy(sts).forEach(p -> dirty.orphanCandidates.add(p.getMetadata().getUid()));
            }
            dirty.budgetNamespaces.add(ns);
        } else if (o instanceof Node node) {
            String name = node.getMetadata().getName();
            put(state.nodes, name, node, deleted);
            if (deleted) {
                dirty.lostNodes.add(name);
            }
            dirty.capacity = true;
        } else if (o instanceof PodDisruptionBudget pdb) {
            put(state.budgets, uid, pdb, deleted);
            if (!deleted) {
                dirty.budgets.add(uid);
            }
        }
    }

    private static void podChanged(ClusterState state, Dirty dirty, Pod pod) {
        if (pod == null) {
            return;
        }
        ClusterState.controllerOf(pod).ifPresent(o -> {
            String owner = o.getUid();
            if (state.statefulSets.containsKey(owner)) {
                dirty.statefulSets.add(owner);
            }
            ReplicaSet rs = state.replicaSets.get(owner);
            if (rs != null) {
                dirty.replicaSets.add(owner);
                ClusterState.controllerOf(rs).ifPresent(d -> dirty.deployments.add(d.getUid()));
            }
        });
        dirty.budgetNamespaces.add(pod.getMetadata().getNamespace());
    }

    private static <T> void put(Map<String, T> map, String key, T value, boolean deleted) {
        if (deleted) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }
}
