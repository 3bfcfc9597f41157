package io.spotwise.decider.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.spotwise.common.k8s.SpotwiseKeys;

/**
 * RFC 6902 JSON Patch for a spot pod (reference §3.3): the capacity-type nodeSelector (map created when missing), the
 * capacity-type toleration appended, the spot-assigned label (labels created when missing). Nothing else is touched.
 */
public final class JsonPatches {

    private JsonPatches() {
    }

    /** The patch operations for {@code pod} (the AdmissionReview's object). */
    public static ArrayNode spotPod(JsonNode pod, SpotwiseKeys keys) {
        throw new UnsupportedOperationException("not yet");
    }

    /** JSON Pointer escaping of one reference token: {@code ~} → {@code ~0}, {@code /} → {@code ~1}. */
    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
