package io.spotwise.sim.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A structured {@code metav1.LabelSelector} (matchLabels + matchExpressions) against a label map. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** A null selector matches nothing; an empty one matches everything (policy/v1 semantics). */
    public static boolean matches(JsonObject selector, JsonObject labels) {
        if (selector == null) {
            return false;
        }
        JsonObject matchLabels = selector.getJsonObject("matchLabels", new JsonObject());
        for (String key : matchLabels.fieldNames()) {
            if (!String.valueOf(matchLabels.getValue(key)).equals(labels.getString(key))) {
                return false;
            }
        }
        for (Object e : selector.getJsonArray("matchExpressions", new JsonArray())) {
            JsonObject expr = (JsonObject) e;
            String value = labels.getString(expr.getString("key"));
            List<Object> values = expr.getJsonArray("values", new JsonArray()).getList();
            boolean ok = switch (expr.getString("operator", "")) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
