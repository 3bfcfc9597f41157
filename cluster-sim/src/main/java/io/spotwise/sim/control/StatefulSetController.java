package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import io.spotwise.contract.RevisionLabels;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * StatefulSet → pods {@code <sts>-<ordinal>} labelled with {@code controller-revision-hash}; OrderedReady creates
 * one ordinal at a time, scale-down removes the highest ordinals, a template change replaces pods from the highest
 * ordinal down, one at a time, once all are ready.
 */
final class StatefulSetController {

    private final KubernetesClient client;

    StatefulSetController(KubernetesClient client) {
        this.client = client;
    }

    void reconcile(ClusterState state, Set<String> dirty) {
        for (String uid : dirty) {
            StatefulSet sts = state.statefulSets.get(uid);
            if (sts != null && sts.getMetadata().getDeletionTimestamp() == null) {
                reconcile(state, sts);
            }
        }
    }

    private void reconcile(ClusterState state, StatefulSet sts) {
        String name = sts.getMetadata().getName();
        String ns = sts.getMetadata().getNamespace();
        String revision = name + "-" + TemplateHash.of(sts.getSpec().getTemplate());
        int want = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
        boolean parallel = "Parallel".equals(sts.getSpec().getPodManagementPolicy());
        Map<Integer, Pod> byOrdinal = state.podsControlledBy(sts).stream().filter(ClusterState::isActive)
                .filter(p -> ordinal(name, p) >= 0)
                .collect(Collectors.toMap(p -> ordinal(name, p), Function.identity(), (a, b) -> a));
        Set<Integer> present = state.podsControlledBy(sts).stream().map(p -> ordinal(name, p))
                .collect(Collectors.toSet());
        boolean lowerReady = true;
        for (int i = 0; i < want; i++) {
            Pod pod = byOrdinal.get(i);
            // a terminating pod keeps its name until the kubelet removes it; the replacement waits, as on a cluster
            if (pod == null && !present.contains(i) && (parallel || lowerReady)) {
                Map<String, String> labels = new HashMap<>();
                labels.put(RevisionLabels.CONTROLLER_REVISION_HASH, revision);
                labels.put("statefulset.kubernetes.io/pod-name", name + "-" + i);
                labels.put("apps.kubernetes.io/pod-index", String.valueOf(i));
                client.pods().inNamespace(ns).resource(PodFactory.fromTemplate(sts.getSpec().getTemplate(), sts,
                        name + "-" + i, null, labels)).create();
                lowerReady = false;
            } else if (pod == null || !ClusterState.isReady(pod)) {
                lowerReady = false;
            }
        }
        List<Integer> surplus = byOrdinal.keySet().stream().filter(i -> i >= want)
                .sorted(Comparator.reverseOrder()).toList();
        for (Integer i : parallel ? surplus : surplus.stream().limit(1).toList()) {
            client.pods().inNamespace(ns).withName(name + "-" + i).delete();
        }
        boolean allReady = byOrdinal.size() == want && byOrdinal.values().stream().allMatch(ClusterState::isReady);
        if (surplus.isEmpty() && allReady) {
            byOrdinal.entrySet().stream().filter(e -> !revision.equals(labelOf(e.getValue())))
                    .max(Map.Entry.comparingByKey())
                    .ifPresent(e -> client.pods().inNamespace(ns).withName(e.getValue().getMetadata().getName()).delete());
        }
        updateStatus(sts, byOrdinal, revision);
    }

    private void updateStatus(StatefulSet sts, Map<Integer, Pod> pods, String revision) {
        int ready = (int) pods.values().stream().filter(ClusterState::isReady).count();
        int updated = (int) pods.values().stream().filter(p -> revision.equals(labelOf(p))).count();
        String current = updated == pods.size() ? revision
                : sts.getStatus() == null || sts.getStatus().getCurrentRevision() == null ? revision
                : sts.getStatus().getCurrentRevision();
        StatefulSetStatus status = new StatefulSetStatusBuilder().withReplicas(pods.size()).withReadyReplicas(ready)
                .withAvailableReplicas(ready).withCurrentReplicas(pods.size() - updated + (current.equals(revision)
                        ? updated : 0))
                .withUpdatedReplicas(updated).withCurrentRevision(current)
                .withUpdateRevision(revision).withObservedGeneration(sts.getMetadata().getGeneration()).build();
        if (!status.equals(sts.getStatus())) {
            client.apps().statefulSets().inNamespace(sts.getMetadata().getNamespace())
                    .resource(new StatefulSetBuilder(sts).withStatus(status).build())
                    .updateStatus();
        }
    }

    private static String labelOf(Pod p) {
        return p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get(RevisionLabels.CONTROLLER_REVISION_HASH);
    }

    static int ordinal(String setName, Pod pod) {
        String n = pod.getMetadata().getName();
        if (!n.startsWith(setName + "-")) {
            return -1;
        }
        try {
            return Integer.parseInt(n.substring(setName.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
