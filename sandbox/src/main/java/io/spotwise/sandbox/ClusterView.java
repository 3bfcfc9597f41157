package io.spotwise.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.common.k8s.SpotConfigAnnotation;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.SpotConfig;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a user would read off the cluster with kubectl: per workload, how many pods run on spot and on on-demand
 * (the spot-assigned label), how many are Pending, and what the workload's split asks for.
 */
public final class ClusterView {

    private final KubernetesClient client;
    private final SpotwiseKeys keys;
    private final int defaultPercentage;
    private final int defaultMinOnDemand;

    public ClusterView(KubernetesClient client, SpotwiseKeys keys, int defaultPercentage, int defaultMinOnDemand) {
        this.client = client;
        this.keys = keys;
        this.defaultPercentage = defaultPercentage;
        this.defaultMinOnDemand = defaultMinOnDemand;
    }

    public List<WorkloadRow> rows(String namespace, Instant now) {
        List<WorkloadRow> rows = new ArrayList<>();
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            rows.add(row("Deployment", d, replicas, d.getSpec().getSelector().getMatchLabels(), pods, now));
        }
        for (StatefulSet s : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
            int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
            rows.add(row("StatefulSet", s, replicas, s.getSpec().getSelector().getMatchLabels(), pods, now));
        }
        return rows;
    }

    public WorkloadRow row(String namespace, String kindAndName, Instant now) {
        return rows(namespace, now).stream().filter(r -> r.workload().equals(kindAndName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no workload " + kindAndName + " in " + namespace));
    }

    private WorkloadRow row(String kind, HasMetadata w, int replicas, Map<String, String> selector, List<Pod> pods, Instant now) {
        int spot = 0;
        int onDemand = 0;
        int pending = 0;
        for (Pod p : pods) {
            if (p.getMetadata().getDeletionTimestamp() != null || !matches(p, selector)) {
                continue;
            }
            String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            if (!"Running".equals(phase)) {
                pending++;
            }
            if ("true".equals(labels(p).get(keys.spotAssigned()))) {
                spot++;
            } else {
                onDemand++;
            }
        }
        Map<String, String> labels = w.getMetadata().getLabels() == null ? Map.of() : w.getMetadata().getLabels();
        Map<String, String> annotations = w.getMetadata().getAnnotations() == null ? Map.of() : w.getMetadata().getAnnotations();
        boolean enabled = "true".equals(labels.get(keys.spotEnabled()));
        SpotConfig config = SpotConfigAnnotation.parse(annotations.get(keys.spotConfig())).config();
        int pct = config.percentage() != null && config.percentage() >= 0 && config.percentage() <= 100 ? config.percentage() : defaultPercentage;
        int min = config.minOnDemandReplicas() != null && config.minOnDemandReplicas() >= 0 ? config.minOnDemandReplicas() : defaultMinOnDemand;
        int desiredSpot = enabled ? Math.max(0, Math.min(replicas * pct / 100, replicas - min)) : 0;
        int desiredOnDemand = replicas - desiredSpot;
        String state = state(enabled, annotations.get(keys.spotDisabledUntil()), now, spot, onDemand, pending, desiredSpot, desiredOnDemand);
        return new WorkloadRow(kind + "/" + w.getMetadata().getName(), replicas, desiredSpot, desiredOnDemand, spot, onDemand, pending, state);
    }

    private static String state(boolean enabled, String disabledUntil, Instant now, int spot, int onDemand, int pending,
                                int desiredSpot, int desiredOnDemand) {
        if (!enabled) {
            return "not managed";
        }
        if (disabledUntil != null) {
            try {
                Instant until = Instant.parse(disabledUntil);
                if (now.isBefore(until)) {
                    return "fallback until " + disabledUntil;
                }
            } catch (DateTimeParseException e) {
                return "bad spot-disabled-until";
            }
        }
        if (pending > 0) {
            return pending + " pending";
        }
        return spot == desiredSpot && onDemand == desiredOnDemand ? "balanced" : "converging";
    }

    private static boolean matches(Pod p, Map<String, String> selector) {
        if (selector == null || selector.isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(p);
        return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static Map<String, String> labels(Pod p) {
        return p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
    }
}
