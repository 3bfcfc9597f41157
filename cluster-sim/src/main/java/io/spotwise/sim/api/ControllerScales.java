package io.spotwise.sim.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/** The scale of a pod's controller read from the store (a ReplicaSet owned by a Deployment counts as the Deployment). */
final class ControllerScales {

    private final ObjectStore store;

    ControllerScales(ObjectStore store) {
        this.store = store;
    }

    Optional<DisruptionBudget.ControllerScale> of(JsonObject pod) {
        Optional<JsonObject> ref = controllerRef(pod);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        String ns = pod.getJsonObject("metadata").getString("namespace");
        String kind = ref.get().getString("kind");
        if ("ReplicaSet".equals(kind)) {
            JsonObject rs = store.get("/apis/apps/v1/namespaces/" + ns + "/replicasets/" + ref.get().getString("name"));
            if (rs == null) {
                return Optional.empty();
            }
            Optional<JsonObject> deployRef = controllerRef(rs).filter(r -> "Deployment".equals(r.getString("kind")));
            JsonObject owner = deployRef.map(d -> store.get("/apis/apps/v1/namespaces/" + ns + "/deployments/"
                    + d.getString("name"))).orElse(rs);
            return Optional.of(scale(owner == null ? rs : owner));
        }
        if ("StatefulSet".equals(kind)) {
            return Optional.ofNullable(store.get("/apis/apps/v1/namespaces/" + ns + "/statefulsets/"
                    + ref.get().getString("name"))).map(ControllerScales::scale);
        }
        return Optional.empty();
    }

    private static DisruptionBudget.ControllerScale scale(JsonObject owner) {
        return new DisruptionBudget.ControllerScale(owner.getJsonObject("metadata").getString("uid"),
                owner.getJsonObject("spec", new JsonObject()).getInteger("replicas", 1));
    }

    private static Optional<JsonObject> controllerRef(JsonObject object) {
        JsonArray refs = object.getJsonObject("metadata").getJsonArray("ownerReferences", new JsonArray());
        return refs.stream().map(JsonObject.class::cast).filter(r -> r.getBoolean("controller", false)).findFirst();
    }
}
