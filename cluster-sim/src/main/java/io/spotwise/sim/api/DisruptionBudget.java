package io.spotwise.sim.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a PodDisruptionBudget allows right now, computed as the disruption controller does
 * (kubernetes pkg/controller/disruption): with {@code maxUnavailable} or a percentage {@code minAvailable} the
 * expected pods are the scale of the pods' controllers, with an integer {@code minAvailable} the matching pods;
 * percentages round up; healthy pods are Ready and not terminating. Eviction and the PDB's status use this same
 * computation, so {@code kubectl get pdb} shows what eviction decides.
 */
public record DisruptionBudget(int expectedPods, int currentHealthy, int desiredHealthy) {

    /** A pod's controlling workload: its UID (counted once) and its desired replicas. */
    public record ControllerScale(String uid, int replicas) {
    }

    /**
     * @param matchingPods all pods the budget's selector matches in its namespace, terminating ones included
     * @param scaleOf      the scale of a pod's controller (a Deployment for a ReplicaSet it owns), if it has one
     */
    public static DisruptionBudget of(JsonObject budget, List<JsonObject> matchingPods,
                                      Function<JsonObject, Optional<ControllerScale>> scaleOf) {
        JsonObject spec = budget.getJsonObject("spec", new JsonObject());
        Object minAvailable = spec.getValue("minAvailable");
        Object maxUnavailable = spec.getValue("maxUnavailable");
        int healthy = (int) matchingPods.stream().filter(p -> !isTerminating(p) && isReady(p)).count();
        int expected;
        int desired;
        if (maxUnavailable != null || (minAvailable != null && minAvailable.toString().endsWith("%"))) {
            Map<String, Integer> scales = new LinkedHashMap<>();
            for (JsonObject pod : matchingPods) {
                ControllerScale s = scaleOf.apply(pod).orElse(new ControllerScale(uid(pod), 1));
                scales.put(s.uid(), s.replicas());
            }
            expected = scales.values().stream().mapToInt(Integer::intValue).sum();
            desired = maxUnavailable != null ? Math.max(0, expected - scaled(maxUnavailable, expected))
                    : scaled(minAvailable, expected);
        } else if (minAvailable != null) {
            expected = matchingPods.size();
            desired = scaled(minAvailable, expected);
        } else {
            expected = matchingPods.size();
            desired = expected;
        }
        return new DisruptionBudget(expected, healthy, desired);
    }

    public int disruptionsAllowed() {
        return Math.max(0, currentHealthy - desiredHealthy);
    }

    /** The PDB {@code status} the disruption controller writes (observedGeneration from the budget). */
    public JsonObject status(JsonObject budget, int allowed, String now) {
        long generation = budget.getJsonObject("metadata").getLong("generation", 1L);
        boolean sufficient = allowed > 0;
        return new JsonObject().put("observedGeneration", generation).put("disruptionsAllowed", allowed)
                .put("currentHealthy", currentHealthy).put("desiredHealthy", desiredHealthy)
                .put("expectedPods", expectedPods)
                .put("conditions", new JsonArray().add(new JsonObject().put("type", "DisruptionAllowed")
                        .put("status", sufficient ? "True" : "False")
                        .put("reason", sufficient ? "SufficientPods" : "InsufficientPods")
                        .put("message", "").put("observedGeneration", generation)
                        .put("lastTransitionTime", now)));
    }

    private static int scaled(Object value, int total) {
        String s = value.toString().trim();
        if (s.endsWith("%")) {
            double pct = Double.parseDouble(s.substring(0, s.length() - 1));
            return (int) Math.ceil(pct * total / 100.0);
        }
        return Integer.parseInt(s);
    }

    private static String uid(JsonObject pod) {
        return pod.getJsonObject("metadata").getString("uid", pod.getJsonObject("metadata").getString("name"));
    }

    public static boolean isTerminating(JsonObject pod) {
        return pod.getJsonObject("metadata").getString("deletionTimestamp") != null;
    }

    public static boolean isReady(JsonObject pod) {
        JsonArray conditions = pod.getJsonObject("status", new JsonObject()).getJsonArray("conditions", new JsonArray());
        return conditions.stream().map(JsonObject.class::cast)
                .anyMatch(c -> "Ready".equals(c.getString("type")) && "True".equals(c.getString("status")));
    }
}
