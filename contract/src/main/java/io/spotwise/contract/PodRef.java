package io.spotwise.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A pod by namespace, name and UID. */
public record PodRef(String namespace, String name, String uid) {

    public PodRef {
        RecordChecks.of("PodRef", name).present(namespace, "namespace").present(name, "name");
    }

    /** Kafka key of the pod's snapshot: {@code namespace/name}. */
    @JsonIgnore
    public String key() {
        return namespace + "/" + name;
    }

    @Override
    public String toString() {
        return "Pod(" + namespace + "/" + name + ")";
    }
}
