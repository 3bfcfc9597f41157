package io.spotwise.sim.api;

import io.fabric8.mockwebserver.http.MockResponse;
import io.vertx.core.json.JsonObject;

/** {@code meta/v1 Status} bodies as the API server writes them. */
public final class Statuses {

    private Statuses() {
    }

    public static JsonObject failure(int code, String reason, String message, JsonObject details) {
        JsonObject status = new JsonObject().put("kind", "Status").put("apiVersion", "v1")
                .put("metadata", new JsonObject()).put("status", "Failure").put("message", message)
                .put("reason", reason).put("code", code);
        if (details != null) {
            status.put("details", details);
        }
        return status;
    }

    public static JsonObject success(int code) {
        return new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("metadata", new JsonObject())
                .put("status", "Success").put("code", code);
    }

    public static MockResponse response(int code, JsonObject body) {
        return new MockResponse().setResponseCode(code).setBody(body.encode());
    }

    public static MockResponse notFound(ApiPath path) {
        String kind = path.resource() == null ? "the server could not find the requested resource" : null;
        String message = kind != null ? kind : path.resource() + " \"" + path.name() + "\" not found";
        return response(404, failure(404, "NotFound", message, new JsonObject()
                .put("name", path.name()).put("kind", path.resource())));
    }
}
