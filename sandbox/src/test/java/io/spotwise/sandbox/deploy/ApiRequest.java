package io.spotwise.sandbox.deploy;

import java.net.URI;
import java.util.Locale;

/**
 * One Kubernetes API request as RBAC sees it (the attributes of the API server's RequestInfo): verb, API group,
 * resource, subresource, namespace and object name; or a non-resource URL such as {@code /version}.
 *
 * @param verb            get, list, watch, create, update, patch, delete, deletecollection
 * @param apiGroup        "" for the core group
 * @param subresource     "" when none (e.g. "eviction", "status")
 * @param namespace       "" for cluster-scoped requests and requests across all namespaces
 * @param name            "" for collection requests
 * @param nonResourcePath set (and the others empty) for a request that names no resource
 */
public record ApiRequest(String verb, String apiGroup, String resource, String subresource, String namespace,
        String name, String nonResourcePath) {

    public static ApiRequest resource(String verb, String apiGroup, String resource, String subresource, String namespace,
                                      String name) {
        return new ApiRequest(verb, apiGroup, resource, subresource, namespace, name, "");
    }

    public boolean isResourceRequest() {
        return nonResourcePath.isEmpty();
    }

    /**
     * The RBAC attributes of an HTTP request to the API server, as its RequestInfoResolver derives them.
     *
     * @param method HTTP method
     * @param pathAndQuery request path, with the query string if any (e.g. {@code /api/v1/pods?watch=true})
     */
    public static ApiRequest fromHttp(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        String path = uri.getPath();
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        String[] parts = path.replaceAll("^/+|/+$", "").split("/");
        String group;
        int i;
        if (parts.length >= 2 && parts[0].equals("api")) {
            group = "";
            i = 2;
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            group = parts[1];
            i = 3;
        } else {
            return new ApiRequest(method.toLowerCase(Locale.ROOT), "", "", "", "", "", path);
        }
        if (parts.length == i) {
            return new ApiRequest(method.toLowerCase(Locale.ROOT), "", "", "", "", "", path);
        }
        String namespace = "";
        if (parts[i].equals("namespaces") && parts.length > i + 2) {
            namespace = parts[i + 1];
            i += 2;
        }
        String resource = parts[i];
        String name = parts.length > i + 1 ? parts[i + 1] : "";
        String subresource = parts.length > i + 2 ? parts[i + 2] : "";
        if (resource.equals("namespaces") && !name.isEmpty() && namespace.isEmpty() && parts.length == i + 2) {
            namespace = name; // GET /api/v1/namespaces/x is the namespace object, in its own namespace
        }
        return resource(verbOf(method, name, query), group, resource, subresource, namespace, name);
    }

    private static String verbOf(String method, String name, String query) {
        boolean watch = query.matches("(^|.*&)watch=(true|1)(&.*|$)");
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> watch ? "watch" : name.isEmpty() ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name.isEmpty() ? "deletecollection" : "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    @Override
    public String toString() {
        if (!isResourceRequest()) {
            return verb + " " + nonResourcePath;
        }
        String res = (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource + (subresource.isEmpty() ? "" : "/" + subresource);
        return verb + " " + res + (name.isEmpty() ? "" : " " + name) + (namespace.isEmpty() ? "" : " in " + namespace);
    }
}
