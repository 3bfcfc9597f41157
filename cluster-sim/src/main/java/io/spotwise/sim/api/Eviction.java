package io.spotwise.sim.api;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods/eviction subresource as the API server implements it: PodDisruptionBudget check (429 with a
 * {@code DisruptionBudget} cause; 500 when several budgets match), 404 for a missing pod, 409 on a UID
 * precondition mismatch, otherwise the pod is deleted gracefully (see {@link PodTermination}), the budget's
 * status records the spent disruption, and 201 Success is answered. The budget is computed as the disruption
 * controller computes the PDB status ({@link DisruptionBudget}).
 */
final class Eviction {

    private static final Logger LOG = LoggerFactory.getLogger(Eviction.class);
    static final String MULTIPLE_PDBS =
            "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";

    private final ObjectStore store;
    private final PodTermination termination;

    Eviction(ObjectStore store, PodTermination termination) {
        this.store = store;
        this.termination = termination;
    }

    /** Serialized, so two evictions cannot both spend the budget's last disruption. */
    synchronized MockResponse evict(ApiPath p, String body) {
        String podPath = p.objectPath();
        JsonObject pod = store.get(podPath);
        if (pod == null) {
            return Statuses.notFound(new ApiPath(p.raw(), p.path(), true, p.group(), p.version(), p.namespace(),
                    "pods", p.name(), null, p.query()));
        }
        JsonObject eviction = body == null || body.isBlank() ? new JsonObject() : new JsonObject(body);
        String expectedUid = eviction.getJsonObject("deleteOptions", new JsonObject())
                .getJsonObject("preconditions", new JsonObject()).getString("uid");
        String uid = pod.getJsonObject("metadata").getString("uid");
        if (expectedUid != null && !expectedUid.equals(uid)) {
            throw new ApiException(409, "Conflict", "Operation cannot be fulfilled on Pod \"" + p.name()
                    + "\": the UID in the precondition (" + expectedUid + ") does not match the UID in record ("
                    + uid + "). The object might have been deleted and then recreated");
        }
        boolean dryRun = eviction.getJsonObject("deleteOptions", new JsonObject()).getJsonArray("dryRun") != null
                || p.query().containsKey("dryRun");
        JsonObject spent = ignoresBudgets(pod) ? null : checkBudgets(p.namespace(), pod);
        if (!dryRun) {
            if (spent != null) {
                store.call(HttpMethod.PUT, ResourceHandlers.objectPathOf(PDBS, spent) + "/status", spent);
            }
            termination.delete(podPath, eviction.getJsonObject("deleteOptions", new JsonObject())
                    .getLong("gracePeriodSeconds"));
            LOG.debug("Evicted pod {}/{}", p.namespace(), p.name());
        }
        return Statuses.response(201, Statuses.success(201));
    }

    /** Like the API server: pods that are not running (or already terminating) are evicted without a budget. */
    private static boolean ignoresBudgets(JsonObject pod) {
        String phase = pod.getJsonObject("status", new JsonObject()).getString("phase", "Pending");
        return Set.of("Pending", "Succeeded", "Failed").contains(phase)
                || pod.getJsonObject("metadata").getString("deletionTimestamp") != null;
    }

    private static final ApiPath PDBS = ApiPath.parse("/apis/policy/v1/poddisruptionbudgets");

    /** Checks the pod's budget; returns it with one disruption spent (to be written), or null if none applies. */
    private JsonObject checkBudgets(String namespace, JsonObject pod) {
        String ns = "/apis/policy/v1/namespaces/" + namespace + "/poddisruptionbudgets";
        List<JsonObject> budgets = store.list(ns).stream()
                .filter(b -> LabelSelectors.matches(b.getJsonObject("spec", new JsonObject())
                        .getJsonObject("selector"), labels(pod)))
                .toList();
        if (budgets.size() > 1) {
            throw new ApiException(500, "InternalError", MULTIPLE_PDBS);
        }
        if (budgets.isEmpty()) {
            return null;
        }
        JsonObject budget = budgets.get(0);
        List<JsonObject> covered = store.list("/api/v1/namespaces/" + namespace + "/pods").stream()
                .filter(o -> LabelSelectors.matches(budget.getJsonObject("spec").getJsonObject("selector"), labels(o)))
                .toList();
        DisruptionBudget verdict = DisruptionBudget.of(budget, covered, new ControllerScales(store)::of);
        boolean podHealthy = DisruptionBudget.isReady(pod);
        boolean allowed = podHealthy ? verdict.disruptionsAllowed() > 0
                : verdict.currentHealthy() >= verdict.desiredHealthy();
        if (!allowed) {
            String name = budget.getJsonObject("metadata").getString("name");
            JsonObject details = new JsonObject().put("causes", new JsonArray().add(new JsonObject()
                    .put("reason", "DisruptionBudget").put("message", "The disruption budget " + name + " needs "
                            + verdict.desiredHealthy() + " healthy pods and has " + verdict.currentHealthy()
                            + " currently")));
            throw new ApiException(429, "TooManyRequests",
                    "Cannot evict pod as it would violate the pod's disruption budget.", details);
        }
        if (!podHealthy) {
            return null;
        }
        JsonObject old = budget.getJsonObject("status", new JsonObject());
        JsonArray conditions = old.getJsonArray("conditions", new JsonArray());
        String since = conditions.isEmpty() ? Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .toString() : conditions.getJsonObject(0).getString("lastTransitionTime");
        return budget.put("status", verdict.status(budget, verdict.disruptionsAllowed() - 1, since)
                .put("disruptedPods", new JsonObject().put(pod.getJsonObject("metadata").getString("name"),
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())));
    }

    private static JsonObject labels(JsonObject o) {
        return o.getJsonObject("metadata").getJsonObject("labels", new JsonObject());
    }
}
