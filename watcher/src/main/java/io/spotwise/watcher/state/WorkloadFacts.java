package io.spotwise.watcher.state;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.spotwise.common.contract.WorkloadRef;
import io.spotwise.common.k8s.SpotwiseKeys;
import java.util.Map;

/** A Deployment or StatefulSet reduced to what its snapshot needs. */
public record WorkloadFacts(
        WorkloadRef ref,
        String uid,
        int replicas,
        boolean enabled,
        String spotConfigRaw,
        String disabledUntilRaw,
        long generation,
        String resourceVersion) {

    public static WorkloadFacts of(Deployment d, SpotwiseKeys keys) {
        Integer replicas = d.getSpec() == null ? null : d.getSpec().getReplicas();
        return of(WorkloadRef.deployment(d.getMetadata().getNamespace(), d.getMetadata().getName()), d, replicas, keys);
    }

    public static WorkloadFacts of(StatefulSet s, SpotwiseKeys keys) {
        Integer replicas = s.getSpec() == null ? null : s.getSpec().getReplicas();
        return of(WorkloadRef.statefulSet(s.getMetadata().getNamespace(), s.getMetadata().getName()), s, replicas, keys);
    }

    private static WorkloadFacts of(WorkloadRef ref, HasMetadata object, Integer replicas, SpotwiseKeys keys) {
        var meta = object.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        return new WorkloadFacts(ref, meta.getUid(),
                replicas == null ? 1 : replicas, // the API server defaults spec.replicas to 1
                "true".equals(labels.get(keys.spotEnabled())),
                annotations.get(keys.spotConfig()),
                annotations.get(keys.spotDisabledUntil()),
                meta.getGeneration() == null ? 0 : meta.getGeneration(),
                meta.getResourceVersion());
    }
}
