package io.spotwise.watcher.state;

import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The watcher's view of the cluster, reduced to what snapshots need, with the indexes that say which pods to
 * republish when a ReplicaSet or a node changes. Confined to the watcher's context: the informers' callbacks hop onto
 * it to write, the publisher reads snapshots on it, so the maps and their indexes need no lock. Only the three counts
 * are published (volatile) for gauges and tests on other threads.
 */
public final class ClusterState {

    private static final class PodEntry {
        PodFacts facts;
        WorkloadRef workload;
    }

    private final Map<String, PodEntry> pods = new HashMap<>();
    private final Map<String, ReplicaSetFacts> replicaSets = new HashMap<>();
    private final Map<String, NodeFacts> nodes = new HashMap<>();
    private final Map<String, WorkloadFacts> workloads = new HashMap<>();
    private final Map<String, Set<String>> podsByNode = new HashMap<>();
    private final Map<String, Set<String>> podsByReplicaSet = new HashMap<>();
    private volatile int podCount;
    private volatile int workloadCount;
    private volatile int nodeCount;

    /** Adds or replaces a pod; returns the resolved workload (for logs). */
    public WorkloadRef putPod(PodFacts facts) {
        String key = facts.key();
        PodEntry entry = pods.computeIfAbsent(key, k -> new PodEntry());
        if (entry.facts != null) {
            unindex(key, entry.facts);
        }
        entry.facts = facts;
        entry.workload = SnapshotBuilder.resolve(facts, replicaSets.get(ownerReplicaSetKey(facts)), entry.workload);
        index(key, facts);
        podCount = pods.size();
        return entry.workload;
    }

    public void removePod(String key) {
        PodEntry entry = pods.remove(key);
        if (entry != null) {
            unindex(key, entry.facts);
            podCount = pods.size();
        }
    }

    /** Returns the keys of the pods whose workload changed with this ReplicaSet. */
    public List<String> putReplicaSet(ReplicaSetFacts rs) {
        ReplicaSetFacts old = replicaSets.put(rs.key(), rs);
        if (old != null && Objects.equals(old.deployment(), rs.deployment())) {
            return List.of();
        }
        List<String> changed = new ArrayList<>();
        for (String podKey : podsByReplicaSet.getOrDefault(rs.key(), Set.of())) {
            PodEntry entry = pods.get(podKey);
            WorkloadRef resolved = SnapshotBuilder.resolve(entry.facts, rs, entry.workload);
            if (!Objects.equals(resolved, entry.workload)) {
                entry.workload = resolved;
                changed.add(podKey);
            }
        }
        return changed;
    }

    /** Pods keep the workload they had: they are normally deleted right after their ReplicaSet. */
    public void removeReplicaSet(String key) {
        replicaSets.remove(key);
    }

    /** Returns the keys of the pods on the node when what they publish about it changed. */
    public List<String> putNode(NodeFacts node) {
        NodeFacts old = nodes.put(node.name(), node);
        nodeCount = nodes.size();
        if (node.equals(old)) {
            return List.of();
        }
        return List.copyOf(podsByNode.getOrDefault(node.name(), Set.of()));
    }

    public List<String> removeNode(String name) {
        boolean removed = nodes.remove(name) != null;
        nodeCount = nodes.size();
        return removed ? List.copyOf(podsByNode.getOrDefault(name, Set.of())) : List.of();
    }

    public void putWorkload(WorkloadFacts w) {
        workloads.put(w.ref().key(), w);
        workloadCount = workloads.size();
    }

    public void removeWorkload(String key) {
        workloads.remove(key);
        workloadCount = workloads.size();
    }

    /** The pod's snapshot now, null when the pod is gone. */
    public PodSnapshot podSnapshot(String key, Instant now) {
        PodEntry entry = pods.get(key);
        if (entry == null) {
            return null;
        }
        NodeFacts node = entry.facts.nodeName() == null ? null : nodes.get(entry.facts.nodeName());
        return SnapshotBuilder.pod(entry.facts, entry.workload, node, now);
    }

    /** The workload's snapshot now, null when it is gone. */
    public WorkloadSnapshot workloadSnapshot(String key, Instant now) {
        WorkloadFacts w = workloads.get(key);
        return w == null ? null : SnapshotBuilder.workload(w, now);
    }

    public List<String> podKeys() {
        return new ArrayList<>(pods.keySet());
    }

    public List<String> workloadKeys() {
        return new ArrayList<>(workloads.keySet());
    }

    /** Safe from any thread, as are the other two counts. */
    public int podCount() {
        return podCount;
    }

    public int workloadCount() {
        return workloadCount;
    }

    public int nodeCount() {
        return nodeCount;
    }

    private void index(String key, PodFacts f) {
        if (f.nodeName() != null) {
            podsByNode.computeIfAbsent(f.nodeName(), n -> new HashSet<>()).add(key);
        }
        String rs = ownerReplicaSetKey(f);
        if (rs != null) {
            podsByReplicaSet.computeIfAbsent(rs, n -> new HashSet<>()).add(key);
        }
    }

    private void unindex(String key, PodFacts f) {
        remove(podsByNode, f.nodeName(), key);
        remove(podsByReplicaSet, ownerReplicaSetKey(f), key);
    }

    private static void remove(Map<String, Set<String>> index, String indexKey, String podKey) {
        if (indexKey == null) {
            return;
        }
        Set<String> set = index.get(indexKey);
        if (set != null && set.remove(podKey) && set.isEmpty()) {
            index.remove(indexKey);
        }
    }

    private static String ownerReplicaSetKey(PodFacts f) {
        return f.owner() != null && "ReplicaSet".equals(f.owner().kind()) ? f.namespace() + "/" + f.owner().name() : null;
    }
}
