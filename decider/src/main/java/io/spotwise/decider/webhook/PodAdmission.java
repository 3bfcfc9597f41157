package io.spotwise.decider.webhook;

import io.spotwise.decider.policy.placement.PodShape;

/**
 * A pod CREATE as the webhook received it: the AdmissionReview's uid, the namespace from the request (the pod's own
 * metadata.namespace is often empty at admission) and what placement needs of the pod object.
 */
public record PodAdmission(String uid, String namespace, PodShape pod) {

    public String podName() {
        String name = pod.name();
        if (name != null && !name.isEmpty()) {
            return name;
        }
        return (pod.generateName() == null ? "" : pod.generateName()) + "<generated>";
    }
}
