package io.spotwise.sim.api;

import io.fabric8.mockwebserver.http.MockResponse;
import io.spotwise.sim.api.openapi.OpenApiV3;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * Legacy (non-aggregated) API discovery and {@code /version}, enough for kubectl to map resource names and
 * short names to paths, and the OpenAPI v3 documents ({@link OpenApiV3}); {@code /openapi/v2} (protobuf only on a
 * real server) is a 404, which kubectl tolerates once v3 is there.
 */
final class Discovery {

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");

    private final String serverAddress;

    Discovery(String serverAddress) {
        this.serverAddress = serverAddress;
    }

    MockResponse handle(ApiPath p) {
        String path = p.path().replaceAll("/+$", "");
        if (path.equals("/version")) {
            return ok(new JsonObject().put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0-spotwise-sim")
                    .put("platform", "linux/amd64").put("goVersion", "go1.23").put("compiler", "gc")
                    .put("buildDate", "2025-01-01T00:00:00Z").put("gitCommit", "").put("gitTreeState", "clean"));
        }
        if (path.equals("/openapi/v3")) {
            return ok(OpenApiV3.instance().root());
        }
        if (path.startsWith("/openapi/v3/")) {
            return OpenApiV3.instance().document(path.substring("/openapi/v3/".length())).map(Discovery::ok)
                    .orElseGet(() -> Statuses.notFound(p));
        }
        if (path.equals("/api")) {
            return ok(new JsonObject().put("kind", "APIVersions").put("versions", new JsonArray().add("v1"))
                    .put("serverAddressByClientCIDRs", new JsonArray().add(new JsonObject()
                            .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress))));
        }
        if (path.equals("/apis")) {
            JsonArray groups = new JsonArray();
            ApiResources.groups().forEach(g -> groups.add(group(g)));
            return ok(new JsonObject().put("kind", "APIGroupList").put("apiVersion", "v1").put("groups", groups));
        }
        if (path.equals("/api/v1")) {
            return ok(resourceList("", "v1"));
        }
        String[] seg = path.split("/");
        if (seg.length == 3 && seg[1].equals("apis") && ApiResources.groups().contains(seg[2])) {
            return ok(group(seg[2]).put("kind", "APIGroup").put("apiVersion", "v1"));
        }
        if (seg.length == 4 && seg[1].equals("apis") && !ApiResources.inGroupVersion(seg[2], seg[3]).isEmpty()) {
            return ok(resourceList(seg[2], seg[3]));
        }
        return Statuses.notFound(p);
    }

    private static JsonObject group(String name) {
        JsonObject gv = new JsonObject().put("groupVersion", name + "/v1").put("version", "v1");
        return new JsonObject().put("name", name).put("versions", new JsonArray().add(gv))
                .put("preferredVersion", gv.copy());
    }

    private static JsonObject resourceList(String group, String version) {
        JsonArray resources = new JsonArray();
        for (ApiResources.Resource r : ApiResources.inGroupVersion(group, version)) {
            resources.add(new JsonObject().put("name", r.plural()).put("singularName", r.kind().toLowerCase(Locale.ROOT))
                    .put("namespaced", r.namespaced()).put("kind", r.kind()).put("verbs", new JsonArray(VERBS))
                    .put("shortNames", new JsonArray(r.shortNames())));
            for (String sub : r.subresources()) {
                JsonObject entry = new JsonObject().put("name", r.plural() + "/" + sub).put("singularName", "")
                        .put("namespaced", r.namespaced());
                switch (sub) {
                    case "eviction" -> entry.put("group", "policy").put("version", "v1").put("kind", "Eviction")
                            .put("verbs", new JsonArray().add("create"));
                    case "binding" -> entry.put("kind", "Binding").put("verbs", new JsonArray().add("create"));
                    case "scale" -> entry.put("group", "autoscaling").put("version", "v1").put("kind", "Scale")
                            .put("verbs", new JsonArray().add("get").add("patch").add("update"));
                    default -> entry.put("kind", r.kind()).put("verbs", new JsonArray().add("get").add("patch")
                            .add("update"));
                }
                resources.add(entry);
            }
        }
        return new JsonObject().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", group.isEmpty() ? version : group + "/" + version).put("resources", resources);
    }

    private static MockResponse ok(JsonObject body) {
        return Statuses.response(200, body);
    }
}
