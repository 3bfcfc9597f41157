package io.spotwise.sim.api.watch;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One change of the store as a watch event: its resource version, ADDED/MODIFIED/DELETED, the object after it and
 * before it (null for ADDED), so a selecting watch can tell an object entering or leaving its selection.
 */
record Change(long resourceVersion, String type, String group, String resource, String namespace, String name,
        JsonObject object, JsonObject previous, Instant at) {

    String key() {
        return Change.key(group, resource, namespace, name);
    }

    static String key(String group, String resource, String namespace, String name) {
        return group + "/" + resource + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }
}
