package io.spotwise.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.Map;

/**
 * What a user would read off the cluster, kept current by a watch on the benchmark's namespace: per workload (the
 * pod's {@code app} label) how many live pods run on spot and on on-demand (the spot-assigned label) and how many are
 * Pending; and the highest number of Pending pods since {@link #resetPeak()}. Pods being deleted and finished pods are
 * not counted, as {@code kubectl get pods} users would discount them.
 */
final class PodCensus implements AutoCloseable {

    /** One workload's live pods. */
    record Split(int spot, int onDemand, int pending) {
    }

    private record Seen(String workload, boolean spot, boolean pending) {
    }

    private final String spotLabel;
    private final Map<String, Seen> pods = new HashMap<>();
    private final SharedIndexInformer<Pod> informer;
    private int pending;
    private int peakPending;

    PodCensus(KubernetesClient client, String namespace, String spotLabel) {
        this.spotLabel = spotLabel;
        this.informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                update(pod, false);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                update(pod, false);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                update(pod, true);
            }
        }, 0);
    }

    private synchronized void update(Pod pod, boolean deleted) {
        String uid = pod.getMetadata().getUid();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        boolean live = !deleted && pod.getMetadata().getDeletionTimestamp() == null
                && !"Succeeded".equals(phase) && !"Failed".equals(phase);
        Seen before = live ? pods.get(uid) : pods.remove(uid);
        if (before != null && before.pending()) {
            pending--;
        }
        if (live) {
            Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
            Seen now = new Seen(labels.getOrDefault("app", "?"), "true".equals(labels.get(spotLabel)), !"Running".equals(phase));
            pods.put(uid, now);
            if (now.pending()) {
                pending++;
                peakPending = Math.max(peakPending, pending);
            }
        }
    }

    synchronized Map<String, Split> splits() {
        Map<String, int[]> counts = new HashMap<>();
        for (Seen s : pods.values()) {
            int[] c = counts.computeIfAbsent(s.workload(), w -> new int[3]);
            c[s.spot() ? 0 : 1]++;
            c[2] += s.pending() ? 1 : 0;
        }
        Map<String, Split> out = new HashMap<>();
        counts.forEach((w, c) -> out.put(w, new Split(c[0], c[1], c[2])));
        return out;
    }

    synchronized int peakPending() {
        return peakPending;
    }

    /** Starts a new peak from the Pending pods there are now. */
    synchronized void resetPeak() {
        peakPending = pending;
    }

    @Override
    public void close() {
        informer.close();
    }
}
