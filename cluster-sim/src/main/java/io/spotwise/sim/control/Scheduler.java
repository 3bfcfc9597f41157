package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds Pending pods to nodes honouring nodeSelector, required node affinity, NoSchedule/NoExecute taints and the
 * node's pod capacity (least-loaded node first). When nothing fits the pod gets PodScheduled=False/Unschedulable
 * with the scheduler's kind of message.
 */
final class Scheduler {

    private final KubernetesClient client;
    private final Kubelet kubelet;
    private final Writes writes;

    Scheduler(KubernetesClient client, Kubelet kubelet, Writes writes) {
        this.client = client;
        this.kubelet = kubelet;
        this.writes = writes;
    }

    /** Schedules new pods; every unbound pod again when capacity may have changed (a node or a bound pod went). */
    void reconcile(ClusterState state, Dirty dirty) {
        List<String> candidates = (dirty.capacity ? state.unbound : dirty.newlyUnbound).stream()
                .filter(state.unbound::contains).toList();
        if (candidates.isEmpty()) {
            return;
        }
        Map<String, Integer> load = new HashMap<>();
        List<Node> nodes = new ArrayList<>(state.nodes());
        for (Node n : nodes) {
            load.put(n.getMetadata().getName(), state.load(n.getMetadata().getName()));
        }
        for (String uid : candidates) {
            schedule(state.pods.get(uid), nodes, load);
        }
        writes.await();
    }

    private void schedule(Pod pod, List<Node> nodes, Map<String, Integer> load) {
        int noMatch = 0;
        int tainted = 0;
        int full = 0;
        List<Node> fits = new ArrayList<>();
        for (Node node : nodes) {
            if (Boolean.TRUE.equals(node.getSpec().getUnschedulable()) || !matchesSelector(pod, node)) {
                noMatch++;
            } else if (!toleratesTaints(pod, node)) {
                tainted++;
            } else if (load.getOrDefault(node.getMetadata().getName(), 0) >= capacity(node)) {
                full++;
            } else {
                fits.add(node);
            }
        }
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Optional<Node> chosen = fits.stream().min(Comparator.<Node>comparingInt(n -> load.getOrDefault(
                n.getMetadata().getName(), 0)).thenComparing(n -> n.getMetadata().getName()));
        if (chosen.isPresent()) {
            String node = chosen.get().getMetadata().getName();
            load.merge(node, 1, Integer::sum);
            PodCondition scheduled = new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                    .withLastTransitionTime(Instant.now().toString()).build();
            writes.submit(() -> {
                client.pods().inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"spec\":{\"nodeName\":\"" + node + "\"}}");
                kubelet.bound(pod.getMetadata().getUid());
                setScheduled(pod, scheduled);
            });
            return;
        }
        String message = "0/" + nodes.size() + " nodes are available: " + String.join(", ", reasons(noMatch, tainted, full))
                + ". preemption: 0/" + nodes.size() + " nodes are available.";
        PodCondition current = condition(pod);
        if (current == null || !"Unschedulable".equals(current.getReason()) || !message.equals(current.getMessage())) {
            PodCondition unschedulable = new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                    .withReason("Unschedulable").withMessage(message).withLastTransitionTime(Instant.now().toString())
                    .build();
            writes.submit(() -> setScheduled(pod, unschedulable));
        }
    }

    /** One status merge patch: the pod's conditions (as last seen, not yet bound) with this PodScheduled. */
    private void setScheduled(Pod pod, PodCondition condition) {
        List<PodCondition> conditions = new ArrayList<>(pod.getStatus() == null || pod.getStatus().getConditions() == null ? List.of() : pod.getStatus().getConditions());
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        conditions.add(condition);
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"status\":{\"conditions\":" + Serialization.asJson(conditions) + "}}");
    }

    private static List<String> reasons(int noMatch, int tainted, int full) {
        List<String> out = new ArrayList<>();
        if (full > 0) {
            out.add(full + " Too many pods");
        }
        if (noMatch > 0) {
            out.add(noMatch + " node(s) didn't match Pod's node affinity/selector");
        }
        if (tainted > 0) {
            out.add(tainted + " node(s) had untolerated taint(s)");
        }
        return out.isEmpty() ? List.of("no nodes") : out;
    }

    private static PodCondition condition(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getConditions() == null ? null : pod.getStatus()
                .getConditions().stream().filter(c -> "PodScheduled".equals(c.getType())).findFirst().orElse(null);
    }

    static int capacity(Node node) {
        Map<String, Quantity> alloc = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        Quantity pods = alloc == null ? null : alloc.get("pods");
        return pods == null ? 110 : pods.getNumericalAmount().intValue();
    }

    static boolean matchesSelector(Pod pod, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null && !selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
            return false;
        }
        var affinity = pod.getSpec().getAffinity();
        if (affinity == null || affinity.getNodeAffinity() == null
                || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        List<NodeSelectorTerm> terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        return terms == null || terms.isEmpty() || terms.stream().anyMatch(t -> t.getMatchExpressions() == null
                || t.getMatchExpressions().stream().allMatch(r -> matches(r, labels)));
    }

    private static boolean matches(NodeSelectorRequirement r, Map<String, String> labels) {
        String v = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        return switch (r.getOperator()) {
            case "In" -> v != null && values.contains(v);
            case "NotIn" -> v == null || !values.contains(v);
            case "Exists" -> v != null;
            case "DoesNotExist" -> v == null;
            default -> false;
        };
    }

    static boolean toleratesTaints(Pod pod, Node node) {
        List<Taint> taints = node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of() : pod.getSpec().getTolerations();
        return taints.stream().filter(t -> !"PreferNoSchedule".equals(t.getEffect()))
                .allMatch(t -> tolerations.stream().anyMatch(tol -> tolerates(tol, t)));
    }

    private static boolean tolerates(Toleration tol, Taint taint) {
        if (tol.getEffect() != null && !tol.getEffect().isEmpty() && !tol.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (tol.getKey() == null || tol.getKey().isEmpty()) {
            return "Exists".equals(tol.getOperator());
        }
        if (!tol.getKey().equals(taint.getKey())) {
            return false;
        }
        return "Exists".equals(tol.getOperator()) || String.valueOf(tol.getValue()).equals(String.valueOf(
                taint.getValue() == null ? "null" : taint.getValue())) || (tol.getValue() == null && taint.getValue() == null);
    }
}
