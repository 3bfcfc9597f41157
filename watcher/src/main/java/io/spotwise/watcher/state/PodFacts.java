package io.spotwise.watcher.state;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.RevisionLabels;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The few fields of a Pod that its snapshot needs, and nothing else: the watcher holds one of these per pod instead
 * of the full object (a 150k-pod cluster has to fit a modest heap). Repeated strings are interned.
 */
public record PodFacts(
        String namespace,
        String name,
        String uid,
        OwnerRef owner,
        String revision,
        boolean spotAssigned,
        String nodeName,
        String phase,
        String scheduledStatus,
        String scheduledReason,
        boolean ready,
        long createdAtMillis,
        boolean deleting,
        String resourceVersion) {

    public String key() {
        return namespace + "/" + name;
    }

    public static PodFacts of(Pod pod, SpotwiseKeys keys) {
        var meta = pod.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        String revision = labels.get(RevisionLabels.POD_TEMPLATE_HASH) != null ? labels.get(RevisionLabels.POD_TEMPLATE_HASH)
                : labels.get(RevisionLabels.CONTROLLER_REVISION_HASH);
        var spec = pod.getSpec();
        var status = pod.getStatus();
        PodCondition scheduled = condition(status == null ? null : status.getConditions(), "PodScheduled");
        PodCondition ready = condition(status == null ? null : status.getConditions(), "Ready");
        String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
        return new PodFacts(
                intern(meta.getNamespace()),
                meta.getName(),
                meta.getUid(),
                owner(meta.getOwnerReferences()),
                intern(revision),
                "true".equals(labels.get(keys.spotAssigned())),
                intern(spec == null || spec.getNodeName() == null || spec.getNodeName().isEmpty() ? null : spec.getNodeName()),
                intern(phase),
                intern(scheduled == null ? null : scheduled.getStatus()),
                intern(scheduled == null ? null : scheduled.getReason()),
                ready != null && "True".equals(ready.getStatus()),
                millis(meta.getCreationTimestamp()),
                meta.getDeletionTimestamp() != null,
                meta.getResourceVersion());
    }

    public Instant createdAt() {
        return createdAtMillis == Long.MIN_VALUE ? null : Instant.ofEpochMilli(createdAtMillis);
    }

    private static OwnerRef owner(List<OwnerReference> refs) {
        if (refs == null || refs.isEmpty() || refs.get(0).getKind() == null || refs.get(0).getName() == null) {
            return null;
        }
        OwnerReference first = refs.get(0);
        return new OwnerRef(intern(first.getKind()), intern(first.getName()), intern(first.getUid()));
    }

    private static PodCondition condition(List<PodCondition> conditions, String type) {
        if (conditions == null) {
            return null;
        }
        for (PodCondition c : conditions) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    static long millis(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return Long.MIN_VALUE;
        }
        try {
            return Instant.parse(timestamp).toEpochMilli();
        } catch (RuntimeException e) {
            return Long.MIN_VALUE; // the API server always writes RFC 3339; anything else is not a time we can use
        }
    }

    static String intern(String s) {
        return s == null ? null : s.intern();
    }
}
