package io.spotwise.decider.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Applies RFC 6902 "add" operations to a tree, as the API server does with a webhook's patch. */
public final class JsonPatchApplier {

    private JsonPatchApplier() {
    }

    public static JsonNode apply(JsonNode document, JsonNode patch) {
        JsonNode doc = document.deepCopy();
        for (JsonNode op : patch) {
            if (!"add".equals(op.path("op").asText())) {
                throw new IllegalArgumentException("only add is expected, got " + op);
            }
            String[] tokens = op.path("path").asText().substring(1).split("/", -1);
            JsonNode parent = doc;
            for (int i = 0; i < tokens.length - 1; i++) {
                parent = parent.get(unescape(tokens[i]));
                if (parent == null) {
                    throw new IllegalArgumentException("path " + op.path("path").asText() + " has no parent");
                }
            }
            String last = unescape(tokens[tokens.length - 1]);
            if (parent instanceof ArrayNode array) {
                if (last.equals("-")) {
                    array.add(op.get("value"));
                } else {
                    array.insert(Integer.parseInt(last), op.get("value"));
                }
            } else {
                ((ObjectNode) parent).set(last, op.get("value"));
            }
        }
        return doc;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
