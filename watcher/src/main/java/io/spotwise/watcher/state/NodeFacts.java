package io.spotwise.watcher.state;

import io.fabric8.kubernetes.api.model.Node;
import io.spotwise.common.k8s.SpotwiseKeys;
import java.util.Map;

/** What pods need from their node: its capacity type label and whether it is being disrupted. */
public record NodeFacts(String name, String capacityType, String disruption) {

    public static NodeFacts of(Node node, SpotwiseKeys keys, DisruptionTaints disruptionTaints) {
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        return new NodeFacts(PodFacts.intern(node.getMetadata().getName()),
                PodFacts.intern(labels.get(keys.capacityType())),
                PodFacts.intern(disruptionTaints.disruptionOf(node)));
    }
}
