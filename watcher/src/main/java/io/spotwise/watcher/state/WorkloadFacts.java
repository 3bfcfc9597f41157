package io.spotwise.watcher.state;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.RolloutControl;
import io.spotwise.contract.WorkloadRef;
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
        String resourceVersion,
        RolloutControl rollout,
        boolean dryRun) {

    public static WorkloadFacts of(Deployment d, SpotwiseKeys keys) {
        var spec = d.getSpec();
        Integer replicas = spec == null ? null : spec.getReplicas();
        RolloutControl rollout = new RolloutControl(spec != null && Boolean.TRUE.equals(spec.getPaused()),
                spec == null || spec.getStrategy() == null ? null : spec.getStrategy().getType(), 0);
        return of(WorkloadRef.deployment(d.getMetadata().getNamespace(), d.getMetadata().getName()), d, replicas, rollout, keys);
    }

    public static WorkloadFacts of(StatefulSet s, SpotwiseKeys keys) {
        var spec = s.getSpec();
        Integer replicas = spec == null ? null : spec.getReplicas();
        var strategy = spec == null ? null : spec.getUpdateStrategy();
        Integer partition = strategy == null || strategy.getRollingUpdate() == null ? null : strategy.getRollingUpdate().getPartition();
        RolloutControl rollout = new RolloutControl(false, strategy == null ? null : strategy.getType(),
                partition == null ? 0 : partition);
        return of(WorkloadRef.statefulSet(s.getMetadata().getNamespace(), s.getMetadata().getName()), s, replicas, rollout, keys);
    }

    private static WorkloadFacts of(WorkloadRef ref, HasMetadata object, Integer replicas, RolloutControl rollout, SpotwiseKeys keys) {
        var meta = object.getMetadata();
        Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
        Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        return new WorkloadFacts(ref, meta.getUid(),
                replicas == null ? 1 : replicas, // the API server defaults spec.replicas to 1
                "true".equals(labels.get(keys.spotEnabled())),
                annotations.get(keys.spotConfig()),
                annotations.get(keys.spotDisabledUntil()),
                meta.getGeneration() == null ? 0 : meta.getGeneration(),
                meta.getResourceVersion(),
                rollout,
                "true".equals(annotations.get(keys.spotDryRun())));
    }
}
