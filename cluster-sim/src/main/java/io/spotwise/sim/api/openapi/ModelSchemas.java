package io.spotwise.sim.api.openapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OpenAPI v3 schemas built from the fabric8 model classes (the Kubernetes types fabric8 generates from the API's own
 * definitions): each class becomes a component named after it, its {@code @JsonProperty} fields its properties;
 * {@code IntOrString} is {@code x-kubernetes-int-or-string}, {@code Quantity} a string, free-form values
 * {@code x-kubernetes-preserve-unknown-fields}. The fabric8 model carries no field descriptions, so none are served.
 */
final class ModelSchemas {

    private static final String MODEL = "io.fabric8.kubernetes.api.model";
    private final Map<String, JsonObject> components = new TreeMap<>();

    /** Adds the schema of {@code type} (and everything it references); returns the component name. */
    String add(Class<?> type) {
        String name = name(type);
        if (components.containsKey(name)) {
            return name;
        }
        JsonObject schema = new JsonObject().put("type", "object");
        components.put(name, schema);
        JsonObject properties = new JsonObject();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                JsonProperty p = f.getAnnotation(JsonProperty.class);
                if (p == null || Modifier.isStatic(f.getModifiers()) || p.value().isEmpty()) {
                    continue;
                }
                properties.put(p.value(), schemaOf(f.getGenericType()));
            }
        }
        schema.put("properties", properties);
        return name;
    }

    JsonObject components() {
        JsonObject out = new JsonObject();
        components.forEach(out::put);
        return out;
    }

    JsonObject component(String name) {
        return components.get(name);
    }

    static String name(Class<?> type) {
        return type.getName().replace('$', '.');
    }

    private JsonObject schemaOf(Type type) {
        if (type instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
            if (List.class.isAssignableFrom(raw)) {
                return new JsonObject().put("type", "array").put("items", schemaOf(pt.getActualTypeArguments()[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return new JsonObject().put("type", "object")
                        .put("additionalProperties", schemaOf(pt.getActualTypeArguments()[1]));
            }
            return anything();
        }
        if (!(type instanceof Class<?> c)) {
            return anything();
        }
        if (c == String.class) {
            return new JsonObject().put("type", "string");
        } else if (c == Integer.class || c == int.class) {
            return new JsonObject().put("type", "integer").put("format", "int32");
        } else if (c == Long.class || c == long.class) {
            return new JsonObject().put("type", "integer").put("format", "int64");
        } else if (c == Boolean.class || c == boolean.class) {
            return new JsonObject().put("type", "boolean");
        } else if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
            return new JsonObject().put("type", "number").put("format", "double");
        } else if (c.getSimpleName().equals("IntOrString")) {
            return new JsonObject().put("x-kubernetes-int-or-string", true);
        } else if (c.getSimpleName().equals("Quantity") || c.getSimpleName().endsWith("Time")) {
            return new JsonObject().put("type", "string");
        } else if (c.getName().startsWith(MODEL) && !c.isInterface() && !c.isEnum()) {
            return new JsonObject().put("$ref", "#/components/schemas/" + add(c));
        }
        return anything();
    }

    private static JsonObject anything() {
        return new JsonObject().put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
    }

    /** Marks a kind's schema with {@code x-kubernetes-group-version-kind}, as kubectl looks kinds up by it. */
    void markKind(String name, String group, String version, String kind) {
        components.get(name).put("x-kubernetes-group-version-kind", new JsonArray().add(new JsonObject()
                .put("group", group).put("version", version).put("kind", kind)));
    }
}
