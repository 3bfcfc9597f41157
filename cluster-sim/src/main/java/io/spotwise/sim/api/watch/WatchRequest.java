package io.spotwise.sim.api.watch;

import io.spotwise.sim.api.ApiPath;
import io.spotwise.sim.api.ObjectSelector;
import io.spotwise.sim.api.tables.Tables;

/**
 * A watch as the API server reads it: the collection (group, resource, namespace), the selectors (a watch on one
 * object's path is a {@code metadata.name} selector), {@code resourceVersion}, {@code allowWatchBookmarks},
 * {@code timeoutSeconds} and whether the client wants Table rows (kubectl get -w).
 */
public record WatchRequest(String group, String version, String resource, String namespace, ObjectSelector selector,
        String resourceVersion, boolean bookmarks, long timeoutSeconds, boolean asTable,
        String includeObject) {

    public static WatchRequest of(ApiPath p, String accept) {
        String fields = p.query().get("fieldSelector");
        if (p.name() != null && !"namespaces".equals(p.resource())) {
            String byName = "metadata.name=" + p.name();
            fields = fields == null || fields.isBlank() ? byName : fields + "," + byName;
        }
        ObjectSelector selector = ObjectSelector.of(p.query().get("labelSelector"), fields, p.group(), p.resource());
        long timeout = p.param("timeoutSeconds").map(Long::parseLong).orElse(0L);
        boolean table = Tables.requested(accept) && Tables.prints(p.group(), p.resource());
        String namespace = "namespaces".equals(p.resource()) ? null : p.namespace();
        return new WatchRequest(p.group(), p.version(), p.resource(), namespace, selector,
                p.param("resourceVersion").orElse(null), "true".equals(p.query().get("allowWatchBookmarks")), timeout,
                table, p.query().get("includeObject"));
    }

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Without a resourceVersion (or "0") a watch starts with the current objects as ADDED events. */
    boolean startsWithState() {
        return resourceVersion == null || "0".equals(resourceVersion);
    }

    boolean covers(Change c) {
        return c.group().equals(group) && c.resource().equals(resource)
                && (namespace == null || namespace.equals(c.namespace()));
    }
}
