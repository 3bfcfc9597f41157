package io.spotwise.chaos;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every change of every pod of the campaign's namespace, as a watch saw it (time of receipt): which incarnation (UID)
 * a pod name had when, and when each was Ready. The checker uses it to tell which incarnation an eviction hit and how
 * many pods a PodDisruptionBudget had healthy at that moment.
 */
public final class PodTimeline implements AutoCloseable {

    /**
     * One observed state of one pod incarnation. {@code pending}: in phase Pending, which the Eviction API lets go
     * without consulting a PodDisruptionBudget (Kubernetes' {@code canIgnorePDB}).
     */
    public record Change(Instant at, String name, String uid, Map<String, String> labels, boolean ready, boolean pending, boolean gone) {
    }

    private final List<Change> changes = new ArrayList<>();
    private final SharedIndexInformer<Pod> informer;

    /** A timeline fed by hand ({@link #record}), for the checker's own tests. */
    PodTimeline() {
        this.informer = null;
    }

    synchronized void record(Change change) {
        changes.add(change);
    }

    public PodTimeline(KubernetesClient client, String namespace) {
        this.informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                add(pod, false);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                add(pod, false);
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                add(pod, true);
            }
        }, 0);
    }

    private synchronized void add(Pod pod, boolean gone) {
        boolean ready = !gone && pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        changes.add(new Change(Instant.now(), pod.getMetadata().getName(), pod.getMetadata().getUid(),
                pod.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(pod.getMetadata().getLabels()), ready,
                pod.getStatus() != null && "Pending".equals(pod.getStatus().getPhase()), gone || pod.getMetadata().getDeletionTimestamp() != null));
    }

    public synchronized List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The incarnation of {@code name} seen last at or before {@code at}. */
    public synchronized Optional<Change> incarnationAt(String name, Instant at) {
        Change found = null;
        for (Change c : changes) {
            if (c.at().isAfter(at)) {
                break;
            }
            if (c.name().equals(name)) {
                found = c;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Each pod's latest state at or before {@code at}, incarnations gone by then left out. */
    public synchronized List<Change> stateAt(Instant at) {
        Map<String, Change> latest = new LinkedHashMap<>();
        for (Change c : changes) {
            if (c.at().isAfter(at)) {
                break;
            }
            latest.put(c.uid(), c);
        }
        return latest.values().stream().filter(c -> !c.gone()).toList();
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
