package io.spotwise.sim.api;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Graceful pod deletion as the API server does it ("Pod Lifecycle › Termination of Pods"): a bound, running pod
 * is not removed but gets {@code deletionTimestamp} = now + grace period and {@code deletionGracePeriodSeconds}; the
 * kubelet removes it once the period is over. The period comes from the delete options, else the pod's
 * {@code terminationGracePeriodSeconds}; 0 deletes at once, as does deleting a pod that is unscheduled or finished.
 * A second delete may only shorten the period.
 */
final class PodTermination {

    private final ObjectStore store;
    private final Clock clock;

    PodTermination(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Deletes the pod at {@code podPath}; answers the terminating pod (200) or the store's delete response. */
    MockResponse delete(String podPath, Long requestedGrace) {
        JsonObject pod = store.get(podPath);
        if (pod == null) {
            return store.call(HttpMethod.DELETE, podPath, null);
        }
        JsonObject meta = pod.getJsonObject("metadata");
        JsonObject spec = pod.getJsonObject("spec", new JsonObject());
        String phase = pod.getJsonObject("status", new JsonObject()).getString("phase", "Pending");
        long grace = requestedGrace != null ? requestedGrace : spec.getLong("terminationGracePeriodSeconds", 30L);
        boolean unscheduled = spec.getString("nodeName", "").isEmpty();
        if (grace <= 0 || unscheduled || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            return store.call(HttpMethod.DELETE, podPath, null);
        }
        Long current = meta.getLong("deletionGracePeriodSeconds");
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (meta.getString("deletionTimestamp") != null) {
            Instant due = Instant.parse(meta.getString("deletionTimestamp"));
            if (current != null && grace >= current || !now.plusSeconds(grace).isBefore(due)) {
                return Statuses.response(200, pod);
            }
        }
        meta.put("deletionTimestamp", now.plusSeconds(grace).toString());
        meta.put("deletionGracePeriodSeconds", grace);
        MockResponse updated = store.call(HttpMethod.PUT, podPath, pod);
        JsonObject stored = updated.code() < 300 ? store.get(podPath) : null;
        return stored != null ? Statuses.response(200, stored) : updated;
    }

    /** The grace period of a DELETE: {@code gracePeriodSeconds} in the query or the DeleteOptions body. */
    static Long requestedGrace(ApiPath p, String body) {
        String q = p.query().get("gracePeriodSeconds");
        if (q != null && !q.isBlank()) {
            return Long.parseLong(q);
        }
        if (body == null || body.isBlank()) {
            return null;
        }
        return new JsonObject(body).getLong("gracePeriodSeconds");
    }
}
