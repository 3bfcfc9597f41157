package io.spotwise.sim.api.tables;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Null-safe reads of JSON objects by dotted path, and the cell formats the printers share. */
final class Fields {

    private Fields() {
    }

    static Object at(JsonObject o, String dotted) {
        Object cur = o;
        for (String part : dotted.split("\\.")) {
            if (!(cur instanceof JsonObject obj)) {
                return null;
            }
            cur = obj.getValue(part);
        }
        return cur;
    }

    static String str(JsonObject o, String dotted) {
        Object v = at(o, dotted);
        return v == null ? "" : v.toString();
    }

    static long num(JsonObject o, String dotted) {
        return at(o, dotted) instanceof Number n ? n.longValue() : 0;
    }

    static JsonObject obj(JsonObject o, String dotted) {
        return at(o, dotted) instanceof JsonObject j ? j : new JsonObject();
    }

    static JsonArray arr(JsonObject o, String dotted) {
        return at(o, dotted) instanceof JsonArray a ? a : new JsonArray();
    }

    static List<JsonObject> objects(JsonObject o, String dotted) {
        List<JsonObject> out = new ArrayList<>();
        arr(o, dotted).forEach(v -> {
            if (v instanceof JsonObject j) {
                out.add(j);
            }
        });
        return out;
    }

    static String orNone(String v) {
        return v == null || v.isEmpty() ? "<none>" : v;
    }

    /** Container names and images of a pod template, comma-joined (layoutContainerCells). */
    static List<Object> containersAndImages(JsonObject workload) {
        List<JsonObject> containers = objects(workload, "spec.template.spec.containers");
        return List.of(containers.stream().map(c -> c.getString("name", "")).collect(Collectors.joining(",")),
                containers.stream().map(c -> c.getString("image", "")).collect(Collectors.joining(",")));
    }

    /** A label selector as {@code metav1.LabelSelectorAsSelector(..).String()} prints it; "<none>" when empty. */
    static String selector(JsonObject labelSelector) {
        List<String> terms = new ArrayList<>();
        Map<String, Object> labels = new TreeMap<>(labelSelector.getJsonObject("matchLabels", new JsonObject()).getMap());
        labels.forEach((k, v) -> terms.add(k + "=" + v));
        for (JsonObject e : objects(labelSelector, "matchExpressions")) {
            String key = e.getString("key");
            List<String> values = e.getJsonArray("values", new JsonArray()).stream().map(String::valueOf).sorted()
                    .toList();
            switch (e.getString("operator", "")) {
                case "In" -> terms.add(key + " in (" + String.join(",", values) + ")");
                case "NotIn" -> terms.add(key + " notin (" + String.join(",", values) + ")");
                case "Exists" -> terms.add(key);
                case "DoesNotExist" -> terms.add("!" + key);
                default -> {}
            }
        }
        return terms.isEmpty() ? "<none>" : terms.stream().sorted().collect(Collectors.joining(","));
    }
}
