package io.spotwise.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A top-level workload: Deployment or StatefulSet. Its {@link #key()} ({@code Kind/namespace/name}) is the Kafka key
 * of the workload's records and the partitioning key of the workload and all its pods.
 */
public record WorkloadRef(WorkloadKind kind, String namespace, String name) {

    public WorkloadRef {
        RecordChecks.of("WorkloadRef", name).present(kind, "kind").present(namespace, "namespace")
                .present(name, "name");
    }

    public static WorkloadRef deployment(String namespace, String name) {
        return new WorkloadRef(WorkloadKind.Deployment, namespace, name);
    }

    public static WorkloadRef statefulSet(String namespace, String name) {
        return new WorkloadRef(WorkloadKind.StatefulSet, namespace, name);
    }

    /** Kafka key: {@code Deployment/shop/web}. */
    @JsonIgnore
    public String key() {
        return kind + "/" + namespace + "/" + name;
    }

    /** Parses {@link #key()}; throws IllegalArgumentException naming the bad key. */
    public static WorkloadRef parseKey(String key) {
        String[] parts = key == null ? new String[0] : key.split("/", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty() || WorkloadKind.fromKind(parts[0]) == null) {
            throw new IllegalArgumentException("workload key '" + key + "' is not Kind/namespace/name with Kind Deployment or StatefulSet");
        }
        return new WorkloadRef(WorkloadKind.fromKind(parts[0]), parts[1], parts[2]);
    }

    /** How logs name a workload: {@code Deployment(shop/web)}. */
    @Override
    public String toString() {
        return kind + "(" + namespace + "/" + name + ")";
    }
}
