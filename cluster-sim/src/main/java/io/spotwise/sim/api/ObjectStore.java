package io.spotwise.sim.api;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.spotwise.sim.api.watch.WatchHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * fabric8's CRUD store (resource versions, generation, 409 on stale writes, watch events), with two fixes:
 * new objects get random UIDs (the mock counts from {@code 00000000-...-0001}, so two sims would collide), and
 * a small JSON API the sim's own handlers use in-process.
 */
public final class ObjectStore extends KubernetesCrudDispatcher {

    private static final ThreadLocal<JsonObject> TERMINATING_POD_WRITE = new ThreadLocal<>();

    private final WatchHub watches;

    private final StoreIndex index = new StoreIndex();
    private final ReadWriteLock lock;

    public ObjectStore(WatchHub watches) {
        this.watches = watches;
        installIndex();
        this.lock = mockLock();
    }

    /** The mock's own read-write lock, which its writes hold: the indexed delete below must hold it too. */
    private ReadWriteLock mockLock() {
        try {
            Field field = KubernetesCrudDispatcher.class.getDeclaredField("lock");
            field.setAccessible(true);
            return (ReadWriteLock) field.get(this);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("fabric8 KubernetesCrudDispatcher has no 'lock' field to share: " + e, e);
        }
    }

    /** Replaces the mock's object map (a synchronized LinkedHashMap, scanned per lookup) by the indexed one. */
    private void installIndex() {
        try {
            Field field = CrudDispatcher.class.getDeclaredField("map");
            field.setAccessible(true);
            field.set(this, Collections.synchronizedMap(index));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8 CrudDispatcher has no 'map' field to index: " + e, e);
        }
    }

    /** One object by its path attributes, from the index instead of a scan of every stored object. */
    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        String key = StoreIndex.key(query);
        return key == null ? super.findResource(query) : indexed(key, query);
    }

    private Map.Entry<AttributeSet, String> indexed(String key, AttributeSet query) {
        synchronized (map) {
            return index.find(key, query);
        }
    }

    /** A single object's GET from the index (a 404 without body when absent, as the mock answers); lists scan. */
    @Override
    public MockResponse handleGet(String path) {
        AttributeSet query = attributeExtractor.fromPath(path);
        String key = StoreIndex.key(query);
        if (key == null) {
            return super.handleGet(path);
        }
        Map.Entry<AttributeSet, String> found = indexed(key, query);
        return found == null ? new MockResponse().setResponseCode(404)
                : new MockResponse().setResponseCode(200).setBody(found.getValue());
    }

    /**
     * The DELETE of one object without finalizers through the index: the mock finds what a DELETE path names by
     * scanning every stored object, 30 ms per pod at 16,000 objects, so a spot outage's 6,000 pod deletions took the
     * simulator over 3 minutes. Same effect and answer as the mock's (the object is removed, watchers get DELETED, the
     * answer is the object as it was); collections, objects with finalizers and paths naming no single object go to
     * the mock.
     */
    @Override
    public MockResponse handleDelete(String path) {
        AttributeSet query = attributeExtractor.fromPath(path);
        String key = StoreIndex.key(query);
        if (key == null) {
            return super.handleDelete(path);
        }
        Lock write = lock.writeLock();
        write.lock();
        try {
            Map.Entry<AttributeSet, String> found = indexed(key, query);
            if (found == null) {
                return new MockResponse().setResponseCode(404);
            }
            JsonObject metadata = new JsonObject(found.getValue()).getJsonObject("metadata", new JsonObject());
            if (!metadata.getJsonArray("finalizers", new JsonArray()).isEmpty()) {
                return super.handleDelete(path);
            }
            processEvent(path, query, found.getKey(), null, null);
            return new MockResponse().setResponseCode(200).setBody(found.getValue());
        } finally {
            write.unlock();
        }
    }

    public WatchHub watches() {
        return watches;
    }

    /**
     * Every change passes here under the store's write lock; the watch hub gets it in resource-version order. A
     * deletion gets a resource version of its own, as on a real API server (the mock would reuse the last one).
     */
    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                             GenericKubernetesResource resource, String newState) {
        String state = uniqueUid(newState, resource);
        JsonObject terminating = TERMINATING_POD_WRITE.get();
        if (state == null && resource == null && terminating != null) {
            terminating.getJsonObject("metadata").put("resourceVersion", String.valueOf(requestResourceVersion()));
            state = terminating.encode();
        }
        String removed = state == null && oldAttributes != null ? map.get(oldAttributes) : null;
        super.processEvent(path, pathAttributes, oldAttributes, resource, state);
        JsonObject object = state != null ? new JsonObject(state) : removed != null ? new JsonObject(removed) : null;
        if (object == null || object.getString("kind") == null) {
            return;
        }
        if (state == null) {
            object.getJsonObject("metadata").put("resourceVersion", String.valueOf(requestResourceVersion()));
        }
        String apiVersion = object.getString("apiVersion", "v1");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        watches.record(group, ApiResources.plural(group, object.getString("kind")), object, state == null);
    }

    /**
     * The mock deletes an object written with a deletionTimestamp and no finalizers; a pod in its grace period must
     * stay (only the kubelet's final DELETE removes it), so such a write is stored as an update.
     */
    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (!method.equals("PUT") || !request.getPath().contains("/pods/")) {
            return super.dispatch(request);
        }
        JsonObject body = terminatingPod(request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8));
        TERMINATING_POD_WRITE.set(body);
        try {
            return super.dispatch(request);
        } finally {
            TERMINATING_POD_WRITE.remove();
        }
    }

    private static JsonObject terminatingPod(String body) {
        if (body.isBlank() || !body.contains("deletionTimestamp")) {
            return null;
        }
        JsonObject pod = new JsonObject(body);
        JsonObject meta = pod.getJsonObject("metadata", new JsonObject());
        Long grace = meta.getLong("deletionGracePeriodSeconds");
        return "Pod".equals(pod.getString("kind")) && meta.getString("deletionTimestamp") != null && grace != null
                && grace > 0 ? pod : null;
    }

    private static String uniqueUid(String newState, GenericKubernetesResource resource) {
        String state = newState;
        if (newState != null && newState.contains("00000000-0000-0000-")) {
            JsonObject json = new JsonObject(newState);
            JsonObject meta = json.getJsonObject("metadata");
            if (meta != null && isCounterUid(meta.getString("uid"))) {
                String uid = UUID.randomUUID().toString();
                meta.put("uid", uid);
                if (resource != null && resource.getMetadata() != null) {
                    resource.getMetadata().setUid(uid);
                }
                state = json.encode();
            }
        }
        return state;
    }

    private static boolean isCounterUid(String uid) {
        return uid == null || uid.startsWith("00000000-0000-0000-");
    }

    public MockResponse call(HttpMethod method, String path, String body, Headers headers) {
        Buffer buffer = new Buffer();
        if (body != null) {
            buffer.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return dispatch(new RecordedRequest("HTTP/1.1", method, path, headers, buffer));
    }

    public MockResponse call(HttpMethod method, String path, JsonObject body) {
        return call(method, path, body == null ? null : body.encode(),
                Headers.builder().add("Content-Type", "application/json").build());
    }

    /** The stored object at an object path, or null. */
    public JsonObject get(String objectPath) {
        MockResponse r = call(HttpMethod.GET, objectPath, null);
        return r.code() == 200 ? new JsonObject(bodyOf(r)) : null;
    }

    /** The stored objects under a collection path (selectors other than name/namespace are not applied). */
    public List<JsonObject> list(String collectionPath) {
        MockResponse r = call(HttpMethod.GET, collectionPath, null);
        if (r.code() != 200) {
            return List.of();
        }
        JsonArray items = new JsonObject(bodyOf(r)).getJsonArray("items", new JsonArray());
        return items.stream().map(JsonObject.class::cast).toList();
    }

    public static String bodyOf(MockResponse response) {
        Buffer body = response.getBody();
        return body == null ? "" : new String(body.getBytes(), StandardCharsets.UTF_8);
    }
}
