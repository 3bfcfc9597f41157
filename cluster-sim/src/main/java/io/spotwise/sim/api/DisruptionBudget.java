package io.spotwise.sim.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a PodDisruptionBudget allows right now, computed from the live pods it covers (the sim runs no
 * disruption controller): {@code minAvailable} / {@code maxUnavailable} as an integer or a percentage of the
 * covered pods, rounded up like the API server.
 */
public record DisruptionBudget(int expectedPods, int currentHealthy, int desiredHealthy) {

    public static DisruptionBudget of(JsonObject budget, List<JsonObject> coveredPods) {
        JsonObject spec = budget.getJsonObject("spec", new JsonObject());
        int expected = coveredPods.size();
        int healthy = (int) coveredPods.stream().filter(DisruptionBudget::isReady).count();
        int desired;
        if (spec.getValue("minAvailable") != null) {
            desired = scaled(spec.getValue("minAvailable"), expected);
        } else if (spec.getValue("maxUnavailable") != null) {
            desired = Math.max(0, expected - scaled(spec.getValue("maxUnavailable"), expected));
        } else {
            desired = expected;
        }
        return new DisruptionBudget(expected, healthy, desired);
    }

    public int disruptionsAllowed() {
        return Math.max(0, currentHealthy - desiredHealthy);
    }

    private static int scaled(Object value, int total) {
        String s = value.toString().trim();
        if (s.endsWith("%")) {
            double pct = Double.parseDouble(s.substring(0, s.length() - 1));
            return (int) Math.ceil(pct * total / 100.0);
        }
        return Integer.parseInt(s);
    }

    public static boolean isReady(JsonObject pod) {
        JsonArray conditions = pod.getJsonObject("status", new JsonObject()).getJsonArray("conditions", new JsonArray());
        return conditions.stream().map(JsonObject.class::cast)
                .anyMatch(c -> "Ready".equals(c.getString("type")) && "True".equals(c.getString("status")));
    }
}
