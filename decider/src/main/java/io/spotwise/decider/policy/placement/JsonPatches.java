package io.spotwise.decider.policy.placement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotwise.common.k8s.SpotwiseKeys;

/**
 * RFC 6902 JSON Patch for a spot pod (reference §3.3): the capacity-type nodeSelector (map created when missing, an
 * existing value overwritten), the capacity-type toleration appended (no de-duplication, as the reference), the
 * spot-assigned label (labels created when missing). Nothing else is touched, so unknown fields and large numbers in
 * the pod survive whatever the client does with them.
 */
public final class JsonPatches {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonPatches() {
    }

    /** The patch operations for the pod of this shape (the AdmissionReview's object). */
    public static ArrayNode spotPod(PodShape pod, SpotwiseKeys keys) {
        ArrayNode ops = JSON.arrayNode();
        if (!pod.hasSpec()) {
            ObjectNode newSpec = JSON.objectNode();
            newSpec.set("nodeSelector", JSON.objectNode().put(keys.capacityType(), SpotwiseKeys.INTERRUPTIBLE));
            newSpec.set("tolerations", JSON.arrayNode().add(toleration(keys)));
            add(ops, "/spec", newSpec);
        } else {
            if (pod.hasNodeSelector()) {
                add(ops, "/spec/nodeSelector/" + escape(keys.capacityType()), JSON.textNode(SpotwiseKeys.INTERRUPTIBLE));
            } else {
                add(ops, "/spec/nodeSelector", JSON.objectNode().put(keys.capacityType(), SpotwiseKeys.INTERRUPTIBLE));
            }
            if (pod.hasTolerations()) {
                add(ops, "/spec/tolerations/-", toleration(keys));
            } else {
                add(ops, "/spec/tolerations", JSON.arrayNode().add(toleration(keys)));
            }
        }
        if (!pod.hasMetadata()) {
            add(ops, "/metadata", JSON.objectNode().set("labels", JSON.objectNode().put(keys.spotAssigned(), "true")));
        } else if (pod.hasLabels()) {
            add(ops, "/metadata/labels/" + escape(keys.spotAssigned()), JSON.textNode("true"));
        } else {
            add(ops, "/metadata/labels", JSON.objectNode().put(keys.spotAssigned(), "true"));
        }
        return ops;
    }

    private static ObjectNode toleration(SpotwiseKeys keys) {
        return JSON.objectNode()
                .put("key", keys.capacityType())
                .put("operator", "Equal")
                .put("value", SpotwiseKeys.INTERRUPTIBLE)
                .put("effect", "NoSchedule");
    }

    private static void add(ArrayNode ops, String path, JsonNode value) {
        ops.addObject().put("op", "add").put("path", path).set("value", value);
    }

    /** JSON Pointer escaping of one reference token: {@code ~} → {@code ~0}, {@code /} → {@code ~1}. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
