package io.spotwise.sim.api.openapi;

import io.spotwise.sim.api.ApiResources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The API server's OpenAPI v3 documents ({@code /openapi/v3} and one per group-version), built from the fabric8
 * model: schemas of every served kind, and paths whose write operations declare the {@code dryRun},
 * {@code fieldManager} and {@code fieldValidation} query parameters, so kubectl validates by asking the server
 * ({@code fieldValidation=Strict}) and {@code kubectl explain} finds each kind by {@code x-kubernetes-group-version-kind}.
 */
public final class OpenApiV3 {

    private static final String MODEL = "io.fabric8.kubernetes.api.model";
    private static final OpenApiV3 INSTANCE = new OpenApiV3();

    private final Map<String, JsonObject> documents = new LinkedHashMap<>();
    private final Map<String, String> hashes = new LinkedHashMap<>();
    private final Map<String, ModelSchemas> schemas = new LinkedHashMap<>();

    public static OpenApiV3 instance() {
        return INSTANCE;
    }

    private OpenApiV3() {
        for (ApiResources.Resource r : ApiResources.ALL) {
            String gv = key(r.group(), r.version());
            ModelSchemas models = schemas.computeIfAbsent(gv, k -> new ModelSchemas());
            modelClass(r).ifPresent(c -> models.markKind(models.add(c), r.group(), r.version(), r.kind()));
        }
        for (Map.Entry<String, ModelSchemas> e : schemas.entrySet()) {
            JsonObject doc = new JsonObject().put("openapi", "3.0.0")
                    .put("info", new JsonObject().put("title", "Kubernetes").put("version", "v1.32.0"))
                    .put("paths", paths(e.getKey()))
                    .put("components", new JsonObject().put("schemas", e.getValue().components()));
            documents.put(e.getKey(), doc);
            hashes.put(e.getKey(), sha512(doc.encode()));
        }
    }

    private static String key(String group, String version) {
        return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    }

    /** {@code /openapi/v3}: where each group-version's document is, with a content hash as kubectl expects. */
    public JsonObject root() {
        JsonObject paths = new JsonObject();
        documents.keySet().forEach(gv -> paths.put(gv, new JsonObject()
                .put("serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + hashes.get(gv))));
        return new JsonObject().put("paths", paths);
    }

    /** {@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1}, ...; empty when not served. */
    public Optional<JsonObject> document(String groupVersionPath) {
        return Optional.ofNullable(documents.get(groupVersionPath));
    }

    /** The schema component of a kind and the schemas it references, for server-side field validation. */
    Optional<ModelSchemas> models(String group, String version) {
        return Optional.ofNullable(schemas.get(key(group, version)));
    }

    static Optional<Class<?>> modelClass(ApiResources.Resource r) {
        String pkg = r.group().isEmpty() ? MODEL : MODEL + "." + r.group().split("\\.")[0];
        for (String candidate : List.of(pkg + "." + r.version() + "." + r.kind(), pkg + "." + r.kind())) {
            try {
                return Optional.of(Class.forName(candidate));
            } catch (ClassNotFoundException e) {
                // try the next package layout (fabric8 keeps apps/v1 types without a version package)
            }
        }
        return Optional.empty();
    }

    private JsonObject paths(String gvKey) {
        JsonObject paths = new JsonObject();
        for (ApiResources.Resource r : ApiResources.ALL) {
            if (!key(r.group(), r.version()).equals(gvKey)) {
                continue;
            }
            String base = "/" + gvKey + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural();
            JsonObject gvk = new JsonObject().put("group", r.group()).put("version", r.version()).put("kind", r.kind());
            paths.put(base, new JsonObject().put("get", operation("list", gvk, false))
                    .put("post", operation("post", gvk, true)));
            paths.put(base + "/{name}", new JsonObject().put("get", operation("get", gvk, false))
                    .put("put", operation("put", gvk, true)).put("patch", operation("patch", gvk, true))
                    .put("delete", operation("delete", gvk, true)));
        }
        return paths;
    }

    private static JsonObject operation(String action, JsonObject gvk, boolean write) {
        JsonArray params = new JsonArray();
        if (write) {
            for (String p : List.of("dryRun", "fieldManager", "fieldValidation")) {
                params.add(new JsonObject().put("name", p).put("in", "query").put("schema",
                        new JsonObject().put("type", "string")).put("uniqueItems", true));
            }
        }
        return new JsonObject().put("operationId", action + gvk.getString("kind")).put("parameters", params)
                .put("responses", new JsonObject().put("200", new JsonObject().put("description", "OK")))
                .put("x-kubernetes-action", action).put("x-kubernetes-group-version-kind", gvk);
    }

    private static String sha512(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                    .digest(s.getBytes(StandardCharsets.UTF_8))).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
