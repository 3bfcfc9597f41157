package io.spotwise.sim.api;

import io.vertx.core.json.JsonObject;

/** The admission chain a pod CREATE passes through before it is stored (mutating webhooks). */
@FunctionalInterface
public interface PodAdmission {

    /**
     * @return the pod to store (the same object when nothing changed)
     * @throws ApiException when a webhook denies the pod or fails with failurePolicy Fail
     */
    JsonObject admit(JsonObject pod, String namespace);

    PodAdmission NONE = (pod, namespace) -> pod;
}
