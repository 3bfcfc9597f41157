package io.spotwise.sim.api.openapi;

import io.spotwise.sim.api.ApiException;
import io.spotwise.sim.api.ApiPath;
import io.spotwise.sim.api.ApiResources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Server-side field validation ({@code fieldValidation=Strict}, what kubectl sends by default): a create, update
 * or patch body with a field the kind's schema does not have is rejected with 400 "strict decoding error: unknown
 * field", naming the field's path; patch directives ({@code $patch}, {@code $setElementOrder/...}) are allowed.
 */
public final class FieldValidation {

    private FieldValidation() {
    }

    public static void check(ApiPath p, JsonObject body) {
        if (!"Strict".equalsIgnoreCase(p.query().get("fieldValidation")) || body == null) {
            return;
        }
        Optional<ApiResources.Resource> resource = ApiResources.find(p.group(), p.version(), p.resource());
        Optional<ModelSchemas> models = OpenApiV3.instance().models(p.group(), p.version());
        if (resource.isEmpty() || models.isEmpty() || p.subresource() != null) {
            return;
        }
        Optional<Class<?>> model = OpenApiV3.modelClass(resource.get());
        if (model.isEmpty()) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        walk(models.get(), models.get().component(ModelSchemas.name(model.get())), body, "", unknown);
        if (!unknown.isEmpty()) {
            String kind = resource.get().kind();
            throw new ApiException(400, "BadRequest", kind + " in version \"" + p.version() + "\" cannot be handled "
                    + "as a " + kind + ": strict decoding error: " + String.join(", ", unknown.stream()
                            .map(u -> "unknown field \"" + u + "\"").toList()));
        }
    }

    private static void walk(ModelSchemas models, JsonObject schema, Object value, String path, List<String> unknown) {
        JsonObject s = resolve(models, schema);
        if (s == null || s.getBoolean("x-kubernetes-preserve-unknown-fields", false)) {
            return;
        }
        if (value instanceof JsonObject obj) {
            JsonObject props = s.getJsonObject("properties");
            JsonObject additional = s.getJsonObject("additionalProperties");
            for (String key : obj.fieldNames()) {
                if (key.startsWith("$")) {
                    continue;
                }
                String child = path.isEmpty() ? key : path + "." + key;
                if (props != null && props.containsKey(key)) {
                    walk(models, props.getJsonObject(key), obj.getValue(key), child, unknown);
                } else if (additional != null) {
                    walk(models, additional, obj.getValue(key), child, unknown);
                } else if (props != null) {
                    unknown.add(child);
                }
            }
        } else if (value instanceof JsonArray arr && s.getJsonObject("items") != null) {
            for (int i = 0; i < arr.size(); i++) {
                walk(models, s.getJsonObject("items"), arr.getValue(i), path + "[" + i + "]", unknown);
            }
        }
    }

    private static JsonObject resolve(ModelSchemas models, JsonObject schema) {
        String ref = schema == null ? null : schema.getString("$ref");
        return ref == null ? schema : models.component(ref.substring("#/components/schemas/".length()));
    }
}
