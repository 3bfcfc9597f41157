package io.spotwise.sim.api;

import io.fabric8.zjsonpatch.JsonPatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** RFC 7386 JSON merge patch and RFC 6902 JSON Patch on Vert.x JSON. */
public final class Patches {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Patches() {
    }

    /**
     * RFC 7386: an object member set to null deletes the key, arrays and scalars replace. Keys starting with
     * {@code $} (strategic-merge directives) are dropped, which is how the sim approximates strategic merge.
     */
    public static Object merge(Object target, Object patch) {
        if (!(patch instanceof JsonObject patchObject)) {
            return patch;
        }
        JsonObject result = target instanceof JsonObject t ? t.copy() : new JsonObject();
        for (String key : new ArrayList<>(patchObject.fieldNames())) {
            if (key.startsWith("$")) {
                continue;
            }
            Object value = patchObject.getValue(key);
            if (value == null) {
                result.remove(key);
            } else {
                result.put(key, merge(result.getValue(key), value));
            }
        }
        return result;
    }

    public static JsonObject mergeObject(JsonObject target, JsonObject patch) {
        return (JsonObject) merge(target, patch);
    }

    /** RFC 6902; a failing {@code test} or a bad path is a 422 naming the operation, as the API server does. */
    public static JsonObject applyJsonPatch(JsonObject target, JsonArray patch) {
        try {
            JsonNode result = JsonPatch.apply(MAPPER.readTree(patch.encode()), MAPPER.readTree(target.encode()));
            return new JsonObject(MAPPER.writeValueAsString(result));
        } catch (RuntimeException e) {
            throw new ApiException(422, "Invalid", "the JSON patch could not be applied: " + e.getMessage());
        }
    }
}
