package io.spotwise.sandbox;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes Events of a namespace as they happen: each poll returns the events that are new or whose count
 * went up since the last poll (an aggregated repeat), in time order — what {@code kubectl get events -w} shows.
 */
public final class EventFeed {

    private final KubernetesClient client;
    private final String namespace;
    private final Map<String, Integer> seen = new HashMap<>();
    private final List<Event> all = new ArrayList<>();

    public EventFeed(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public List<Event> poll() {
        List<Event> fresh = new ArrayList<>();
        for (Event e : client.v1().events().inNamespace(namespace).list().getItems()) {
            int count = e.getCount() == null ? 1 : e.getCount();
            Integer before = seen.put(e.getMetadata().getUid(), count);
            if (before == null || before < count) {
                fresh.add(e);
                all.add(e);
            }
        }
        fresh.sort(Comparator.comparing(e -> e.getLastTimestamp() == null ? "" : e.getLastTimestamp()));
        return fresh;
    }

    /** Events written with this reason so far, counting aggregated repeats. */
    public int count(String reason) {
        Map<String, Integer> byUid = new HashMap<>();
        for (Event e : all) {
            if (reason.equals(e.getReason())) {
                byUid.merge(e.getMetadata().getUid(), e.getCount() == null ? 1 : e.getCount(), Math::max);
            }
        }
        return byUid.values().stream().mapToInt(Integer::intValue).sum();
    }
}
