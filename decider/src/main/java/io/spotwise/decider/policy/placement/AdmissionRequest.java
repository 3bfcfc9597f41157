package io.spotwise.decider.policy.placement;

import io.spotwise.contract.OwnerRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the admission webhook knows about a pod being created.
 *
 * @param name          the pod's name, null or empty when the API server will generate it
 * @param generateName  the pod's generateName, null when absent
 * @param owners        metadata.ownerReferences in order; only the first counts (as the reference)
 * @param labels        metadata.labels: pod-template-hash / controller-revision-hash are used
 */
public record AdmissionRequest(String namespace, String name, String generateName, List<OwnerRef> owners,
        Map<String, String> labels) {

    public AdmissionRequest {
        Objects.requireNonNull(namespace, "namespace");
        owners = owners == null ? List.of() : List.copyOf(owners);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The first ownerReference, null when the pod has none. */
    public OwnerRef directOwner() {
        return owners.isEmpty() ? null : owners.get(0);
    }

    /** How logs name the pod: its name, else its generateName followed by a star. */
    public String displayName() {
        if (name != null && !name.isEmpty()) {
            return namespace + "/" + name;
        }
        return namespace + "/" + (generateName == null ? "" : generateName) + "*";
    }
}
