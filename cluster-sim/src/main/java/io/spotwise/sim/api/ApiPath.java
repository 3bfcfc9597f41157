package io.spotwise.sim.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Kubernetes API request path taken apart the way the API server's request-info resolver does:
 * group, version, namespace, resource, name, subresource and the decoded query parameters.
 */
public record ApiPath(String raw, String path, boolean resourceRequest, String group, String version,
        String namespace, String resource, String name, String subresource, Map<String, String> query) {

    public static ApiPath parse(String rawPath) {
        int q = rawPath.indexOf('?');
        String path = q < 0 ? rawPath : rawPath.substring(0, q);
        Map<String, String> query = parseQuery(q < 0 ? "" : rawPath.substring(q + 1));
        String[] seg = path.replaceAll("^/+|/+$", "").split("/");
        int from;
        String group;
        String version;
        if (seg.length >= 2 && seg[0].equals("api")) {
            group = "";
            version = seg[1];
            from = 2;
        } else if (seg.length >= 3 && seg[0].equals("apis")) {
            group = seg[1];
            version = seg[2];
            from = 3;
        } else {
            return new ApiPath(rawPath, path, false, null, null, null, null, null, null, query);
        }
        int n = seg.length - from;
        if (n <= 0) {
            return new ApiPath(rawPath, path, false, group, version, null, null, null, null, query);
        }
        String namespace = null;
        String resource;
        String name = null;
        String sub = null;
        if (seg[from].equals("namespaces") && n >= 3) {
            namespace = seg[from + 1];
            resource = seg[from + 2];
            name = n >= 4 ? seg[from + 3] : null;
            sub = n >= 5 ? seg[from + 4] : null;
        } else {
            resource = seg[from];
            name = n >= 2 ? seg[from + 1] : null;
            sub = n >= 3 ? seg[from + 2] : null;
            if (resource.equals("namespaces")) {
                namespace = name;
            }
        }
        return new ApiPath(rawPath, path, true, group, version, namespace, resource, name, sub, query);
    }

    private static Map<String, String> parseQuery(String qs) {
        Map<String, String> out = new LinkedHashMap<>();
        if (qs.isEmpty()) {
            return out;
        }
        for (String pair : qs.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    public String groupVersion() {
        return group == null || group.isEmpty() ? version : group + "/" + version;
    }

    public boolean isWatch() {
        return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
    }

    public Optional<String> param(String key) {
        return Optional.ofNullable(query.get(key)).filter(v -> !v.isEmpty());
    }

    /** The Kubernetes verb of this request (get, list, watch, create, update, patch, delete, deletecollection). */
    public String verb(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> isWatch() ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    /** The object path without subresource and query, e.g. {@code /api/v1/namespaces/ns/pods/p}. */
    public String objectPath() {
        return collectionPath() + "/" + name;
    }

    /** The collection path, e.g. {@code /api/v1/namespaces/ns/pods}. */
    public String collectionPath() {
        String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        boolean nsScoped = namespace != null && !resource.equals("namespaces");
        return prefix + (nsScoped ? "/namespaces/" + namespace : "") + "/" + resource;
    }

    /** This path with the given query (already encoded), or none. */
    public String withQuery(String encodedQuery) {
        return encodedQuery == null || encodedQuery.isEmpty() ? path : path + "?" + encodedQuery;
    }
}
