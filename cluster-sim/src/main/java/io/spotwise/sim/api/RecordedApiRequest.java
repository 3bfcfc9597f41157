package io.spotwise.sim.api;

import java.time.Instant;

/**
 * One request the simulated API server received, attributed the way RBAC sees it.
 *
 * @param userAgent as sent; Spotwise services send {@code spotwise-<service>/<version>}
 * @param apiGroup  "" for the core group; null for non-resource requests (discovery, /version)
 * @param status    the HTTP status answered
 */
public record RecordedApiRequest(Instant at, String method, String path, String verb, String apiGroup,
        String apiVersion, String resource, String subresource, String namespace,
        String name, String userAgent, int status) {

    /** True when this request is a resource request (not discovery, /version or /sim). */
    public boolean isResourceRequest() {
        return resource != null;
    }

    /** The service name from a {@code spotwise-<service>/<version>} User-Agent, or the whole agent. */
    public String service() {
        if (userAgent == null) {
            return "";
        }
        String ua = userAgent.startsWith("spotwise-") ? userAgent.substring("spotwise-".length()) : userAgent;
        int slash = ua.indexOf('/');
        return slash < 0 ? ua : ua.substring(0, slash);
    }

    @Override
    public String toString() {
        return method + " " + path + " [" + verb + " " + (apiGroup == null ? "-" : apiGroup) + "/" + resource
                + (subresource == null ? "" : "/" + subresource) + " ns=" + namespace + " ua=" + userAgent + "] "
                + status;
    }
}
