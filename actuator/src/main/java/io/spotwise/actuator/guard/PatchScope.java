package io.spotwise.actuator.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Pure: does a JSON merge patch touch nothing but Spotwise's own annotations? The only shape allowed is
 * {@code {"metadata":{"annotations":{"<own key>": <value or null>, ...}}}}. The patcher checks every patch it builds with
 * this before sending it, so no code path (nor a future one) can change anything else on a workload.
 */
public final class PatchScope {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PatchScope() {
    }

    /** Null when the patch only sets or removes {@code ownKeys}, else what it touches beyond them. */
    public static String outside(String mergePatch, Set<String> ownKeys) {
        JsonNode root;
        try {
            root = JSON.readTree(mergePatch);
        } catch (IOException e) {
            return "not JSON: " + e.getMessage();
        }
        if (root == null || !root.isObject() || root.size() != 1 || !root.has("metadata")) {
            return "touches " + fields(root) + ", not only metadata";
        }
        JsonNode metadata = root.get("metadata");
        if (!metadata.isObject() || metadata.size() != 1 || !metadata.has("annotations")) {
            return "touches metadata." + fields(metadata) + ", not only metadata.annotations";
        }
        JsonNode annotations = metadata.get("annotations");
        if (!annotations.isObject() || annotations.isEmpty()) {
            return "metadata.annotations is not an object of annotations";
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = annotations.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ownKeys.contains(e.getKey())) {
                return "touches annotation " + e.getKey() + ", which is not Spotwise's";
            }
            if (!e.getValue().isTextual() && !e.getValue().isNull()) {
                return "sets annotation " + e.getKey() + " to a non-string value";
            }
        }
        return null;
    }

    private static String fields(JsonNode node) {
        if (node == null || !node.isObject()) {
            return String.valueOf(node);
        }
        StringBuilder sb = new StringBuilder("[");
        node.fieldNames().forEachRemaining(f -> sb.append(sb.length() > 1 ? ", " : "").append(f));
        return sb.append(']').toString();
    }
}
