package io.spotwise.decider.webhook;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A pod CREATE as the webhook received it: the AdmissionReview's uid, the namespace from the request (the pod's own
 * metadata.namespace is often empty at admission) and the pod object, untouched.
 */
public record PodAdmission(String uid, String namespace, JsonNode pod) {

    public String podName() {
        JsonNode meta = pod.path("metadata");
        String name = meta.path("name").asText("");
        return name.isEmpty() ? meta.path("generateName").asText("") + "<generated>" : name;
    }
}
