package io.spotwise.chaos;

import java.util.regex.Pattern;

/**
 * The actuator's crash windows named in issue 10. Each is hit deterministically through the actuator's {@link ApiProxy}:
 * the request that ends the window is forwarded to the API server (its effect happens), its answer is held back, and
 * the actuator is SIGKILLed before it can learn the answer — so it dies after the effect and before anything that
 * follows it (the Event, the outcome record, the offset commit).
 */
public enum CrashWindow {
    /** Pod evicted (201), actuator killed before it wrote the pod's Event or the action's outcome. */
    AFTER_EVICTION_BEFORE_EVENT("POST", Pattern.compile("^/api/v1/namespaces/[^/]+/pods/[^/]+/eviction$")),
    /** Workload's spot-disabled-until patched (200), actuator killed before the Event and the outcome. */
    AFTER_PATCH_BEFORE_OUTCOME("PATCH", Pattern.compile("^/apis/apps/v1/namespaces/[^/]+/(deployments|statefulsets)/[^/]+$")),
    /** Event created or aggregated (2xx), actuator killed before the action's outcome was published and committed. */
    AFTER_EVENT_BEFORE_OUTCOME(null, Pattern.compile("^/api/v1/namespaces/[^/]+/events(/[^/]+)?$"));

    private final String method;
    private final Pattern path;

    CrashWindow(String method, Pattern path) {
        this.method = method;
        this.path = path;
    }

    /** True for the request whose success opens this window (an Event write is a POST or a PATCH, never a GET). */
    public boolean endsWith(String requestMethod, String requestPath) {
        String p = requestPath.contains("?") ? requestPath.substring(0, requestPath.indexOf('?')) : requestPath;
        boolean methodMatches = method == null ? requestMethod.equals("POST") || requestMethod.equals("PATCH") || requestMethod.equals("PUT")
                : method.equals(requestMethod);
        return methodMatches && path.matcher(p).matches();
    }
}
