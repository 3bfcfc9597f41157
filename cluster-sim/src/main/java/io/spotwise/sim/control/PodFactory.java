package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

import java.util.HashMap;
import java.util.Map;

/** Pods as controllers create them from a template: owner reference, labels, name or generateName. */
final class PodFactory {

    private PodFactory() {
    }

    static Pod fromTemplate(PodTemplateSpec template, HasMetadata owner, String name, String generateName,
                            Map<String, String> extraLabels) {
        Map<String, String> labels = new HashMap<>();
        if (template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.putAll(extraLabels);
        Map<String, String> annotations = template.getMetadata() == null ? null : template.getMetadata().getAnnotations();
        return new PodBuilder()
                .withNewMetadata()
                .withName(name).withGenerateName(generateName)
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations == null ? null : new HashMap<>(annotations))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
                        .withKind(owner.getKind()).withName(owner.getMetadata().getName())
                        .withUid(owner.getMetadata().getUid()).withController(true).withBlockOwnerDeletion(true)
                        .build())
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
    }
}
