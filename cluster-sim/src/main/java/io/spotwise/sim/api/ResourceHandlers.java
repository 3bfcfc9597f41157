package io.spotwise.sim.api;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.spotwise.sim.api.openapi.FieldValidation;
import io.spotwise.sim.api.tables.Tables;
import io.spotwise.sim.api.watch.WatchRequest;
import io.spotwise.sim.api.watch.WebSocketWatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Create (admission, random names), list and watch with selectors, patches, scale and binding. */
final class ResourceHandlers {

    private static final String NAME_CHARS = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectStore store;
    private final PodAdmission admission;
    private final Tables tables = new Tables(Clock.systemUTC());

    private final PodTermination termination;
    private final long podGraceSeconds;

    ResourceHandlers(ObjectStore store, PodAdmission admission, PodTermination termination, Duration podGrace) {
        this.store = store;
        this.admission = admission;
        this.termination = termination;
        this.podGraceSeconds = (podGrace.toMillis() + 999) / 1000;
    }

    /** A single object; as a one-row Table when kubectl asks for one. */
    MockResponse get(ApiPath p, String accept, MockResponse stored) {
        if (stored.code() != 200 || !Tables.requested(accept) || !Tables.prints(p.group(), p.resource())) {
            return stored;
        }
        JsonObject object = new JsonObject(ObjectStore.bodyOf(stored));
        return Statuses.response(200, tables.table(p.group(), p.resource(), List.of(object),
                object.getJsonObject("metadata", new JsonObject()).getString("resourceVersion"),
                p.query().get("includeObject"), true));
    }

    static boolean dryRun(ApiPath p) {
        return "All".equals(p.query().get("dryRun"));
    }

    MockResponse create(ApiPath p, String body) {
        JsonObject object = new JsonObject(body);
        FieldValidation.check(p, object);
        JsonObject meta = object.getJsonObject("metadata");
        if (meta == null) {
            throw new ApiException(422, "Invalid", "metadata is required");
        }
        if (meta.getString("name", "").isEmpty() && !meta.getString("generateName", "").isEmpty()) {
            String name;
            do {
                name = meta.getString("generateName") + randomSuffix();
            } while (store.get(p.collectionPath() + "/" + name) != null);
            meta.put("name", name);
        }
        if (p.namespace() != null && !"namespaces".equals(p.resource())) {
            meta.put("namespace", p.namespace());
        }
        if ("pods".equals(p.resource())) {
            if (object.getJsonObject("status") == null) {
                object.put("status", new JsonObject().put("phase", "Pending"));
            }
            JsonObject spec = object.getJsonObject("spec", new JsonObject());
            if (spec.getValue("terminationGracePeriodSeconds") == null) {
                spec.put("terminationGracePeriodSeconds", podGraceSeconds); // API defaulting (30 on a cluster)
                object.put("spec", spec);
            }
            object = admission.admit(object, p.namespace());
        }
        if (dryRun(p)) {
            object.getJsonObject("metadata").put("uid", UUID.randomUUID().toString())
                    .put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            return Statuses.response(201, object);
        }
        MockResponse created = store.call(HttpMethod.POST, p.collectionPath(), object);
        if (created.code() == 201 || created.code() == 200) {
            JsonObject stored = store.get(p.collectionPath() + "/" + object.getJsonObject("metadata").getString("name"));
            if (stored != null) {
                return Statuses.response(201, stored);
            }
        }
        return created;
    }

    static String randomSuffix() {
        StringBuilder sb = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            sb.append(NAME_CHARS.charAt(RANDOM.nextInt(NAME_CHARS.length())));
        }
        return sb.toString();
    }

    MockResponse list(ApiPath p, String accept) {
        long resourceVersion = currentResourceVersion();
        ObjectSelector selector = selector(p);
        List<JsonObject> items = store.list(storeQueryPath(p)).stream()
                .filter(o -> p.groupVersion().equals(o.getString("apiVersion", p.groupVersion())))
                .filter(selector).toList();
        if (Tables.requested(accept) && Tables.prints(p.group(), p.resource())) {
            return Statuses.response(200, tables.table(p.group(), p.resource(), items,
                    String.valueOf(resourceVersion), p.query().get("includeObject"), true));
        }
        String kind = ApiResources.find(p.group(), p.version(), p.resource()).map(r -> r.kind() + "List")
                .orElse("List");
        JsonObject list = new JsonObject().put("kind", kind).put("apiVersion", p.groupVersion())
                .put("metadata", new JsonObject().put("resourceVersion", String.valueOf(resourceVersion)))
                .put("items", new JsonArray(items));
        return Statuses.response(200, list);
    }

    /** The version of the latest change, read before the store is: a watch from it misses nothing listed after. */
    private long currentResourceVersion() {
        return store.watches().resourceVersion();
    }

    /** A WebSocket watch (HTTP streaming watches never reach the dispatcher, see HttpWatchStreams). */
    MockResponse watch(ApiPath p, String accept) {
        if (store.watches().refusing()) {
            throw new ApiException(503, "ServiceUnavailable", "watches are not served (simulated outage)");
        }
        return new MockResponse().withWebSocketUpgrade(new WebSocketWatch(store.watches(),
                WatchRequest.of(p, accept)));
    }

    MockResponse deleteCollection(ApiPath p) {
        ObjectSelector selector = selector(p);
        List<JsonObject> victims = store.list(storeQueryPath(p)).stream()
                .filter(o -> p.groupVersion().equals(o.getString("apiVersion", p.groupVersion())))
                .filter(selector).toList();
        for (JsonObject v : victims) {
            if ("pods".equals(p.resource())) {
                termination.delete(objectPathOf(p, v), p.param("gracePeriodSeconds").map(Long::parseLong).orElse(null));
            } else {
                store.call(HttpMethod.DELETE, objectPathOf(p, v), null);
            }
        }
        JsonObject list = new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("status", "Success")
                .put("metadata", new JsonObject());
        return Statuses.response(200, list.put("details", new JsonObject().put("kind", p.resource())));
    }

    /** The object path of a listed object, also for lists across all namespaces. */
    static String objectPathOf(ApiPath p, JsonObject object) {
        JsonObject meta = object.getJsonObject("metadata");
        String ns = meta.getString("namespace");
        String prefix = p.group().isEmpty() ? "/api/" + p.version() : "/apis/" + p.group() + "/" + p.version();
        boolean nsScoped = ns != null && !ns.isEmpty() && !"namespaces".equals(p.resource());
        return prefix + (nsScoped ? "/namespaces/" + ns : "") + "/" + p.resource() + "/" + meta.getString("name");
    }

    /** The collection path the CRUD store understands: selectors removed, the sim filters itself. */
    private static String storeQueryPath(ApiPath p) {
        return p.path();
    }

    private static ObjectSelector selector(ApiPath p) {
        return ObjectSelector.of(p.query().get("labelSelector"), p.query().get("fieldSelector"), p.group(),
                p.resource());
    }

    MockResponse patch(ApiPath p, String contentType, String body) {
        String type = contentType == null ? "application/merge-patch+json" : contentType.split(";")[0].trim();
        JsonObject current = store.get(p.objectPath());
        if (current == null) {
            if (type.equals("application/apply-patch+yaml")) {
                return create(ApiPath.parse(p.collectionPath()), body);
            }
            return Statuses.notFound(p);
        }
        if (!type.equals("application/json-patch+json")) {
            FieldValidation.check(p, new JsonObject(body));
        }
        JsonObject updated = switch (type) {
            case "application/json-patch+json" -> Patches.applyJsonPatch(current, new JsonArray(body));
            case "application/merge-patch+json", "application/strategic-merge-patch+json",
                    "application/apply-patch+yaml", "application/json" ->
                Patches.mergeObject(current, new JsonObject(body));
            default -> throw new ApiException(415, "UnsupportedMediaType", "the body of the request was in an "
                    + "unknown format - accepted media types include: application/json-patch+json, "
                    + "application/merge-patch+json, application/apply-patch+yaml");
        };
        if (dryRun(p)) {
            return Statuses.response(200, updated);
        }
        return put(p, current, updated);
    }

    private MockResponse put(ApiPath p, JsonObject current, JsonObject updated) {
        JsonObject meta = updated.getJsonObject("metadata", new JsonObject());
        meta.put("uid", current.getJsonObject("metadata").getString("uid"));
        if (meta.getString("resourceVersion") == null) {
            meta.put("resourceVersion", current.getJsonObject("metadata").getString("resourceVersion"));
        }
        if ("status".equals(p.subresource())) {
            // as the API server's ResetObjectMetaForStatus: a status write keeps the stored labels, annotations,
            // finalizers and owners, so a writer's stale copy cannot drop an annotation patched meanwhile
            JsonObject stored = current.getJsonObject("metadata");
            for (String field : new String[] {"labels", "annotations", "finalizers", "ownerReferences"}) {
                if (stored.getValue(field) == null) {
                    meta.remove(field);
                } else {
                    meta.put(field, stored.getValue(field));
                }
            }
        }
        updated.put("metadata", meta);
        String target = p.subresource() == null ? p.objectPath() : p.objectPath() + "/" + p.subresource();
        MockResponse response = store.call(HttpMethod.PUT, target, updated);
        if (response.code() == 200 && ObjectStore.bodyOf(response).isEmpty()) {
            JsonObject stored = store.get(p.objectPath());
            return stored != null ? Statuses.response(200, stored) : response;
        }
        return response;
    }

    MockResponse bind(ApiPath p, String body) {
        JsonObject binding = new JsonObject(body);
        String node = binding.getJsonObject("target", new JsonObject()).getString("name");
        JsonObject pod = store.get(p.objectPath());
        if (pod == null) {
            return Statuses.notFound(p);
        }
        String bound = pod.getJsonObject("spec", new JsonObject()).getString("nodeName");
        if (bound != null && !bound.isEmpty()) {
            throw new ApiException(409, "Conflict", "pod " + p.name() + " is already assigned to node \"" + bound + "\"");
        }
        pod.getJsonObject("spec").put("nodeName", node);
        MockResponse r = store.call(HttpMethod.PUT, p.objectPath(), pod);
        return r.code() < 300 ? Statuses.response(201, Statuses.success(201)) : r;
    }

    MockResponse scale(String method, ApiPath p, String body) {
        JsonObject owner = store.get(p.objectPath());
        if (owner == null) {
            return Statuses.notFound(p);
        }
        if (method.equals("PATCH") || method.equals("PUT")) {
            Integer replicas = new JsonObject(body).getJsonObject("spec", new JsonObject()).getInteger("replicas");
            if (replicas != null) {
                owner.getJsonObject("spec").put("replicas", replicas);
                MockResponse r = store.call(HttpMethod.PUT, p.objectPath(), owner);
                if (r.code() >= 300) {
                    return r;
                }
                owner = new JsonObject(ObjectStore.bodyOf(r));
            }
        }
        return Statuses.response(200, scaleOf(owner));
    }

    private static JsonObject scaleOf(JsonObject owner) {
        JsonObject meta = owner.getJsonObject("metadata");
        JsonObject spec = owner.getJsonObject("spec", new JsonObject());
        Map<String, Object> labels = spec.getJsonObject("selector", new JsonObject())
                .getJsonObject("matchLabels", new JsonObject()).getMap();
        String selector = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        return new JsonObject().put("kind", "Scale").put("apiVersion", "autoscaling/v1")
                .put("metadata", new JsonObject().put("name", meta.getString("name"))
                        .put("namespace", meta.getString("namespace")).put("uid", meta.getString("uid"))
                        .put("resourceVersion", meta.getString("resourceVersion"))
                        .put("creationTimestamp", meta.getString("creationTimestamp")))
                .put("spec", new JsonObject().put("replicas", spec.getInteger("replicas", 1)))
                .put("status", new JsonObject().put("replicas", owner.getJsonObject("status", new JsonObject())
                        .getInteger("replicas", 0)).put("selector", selector));
    }
}
