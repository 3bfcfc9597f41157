package io.spotwise.contract;

import java.util.Objects;

/** The direct owner of a pod (its first ownerReference): ReplicaSet, StatefulSet, Job, ... */
public record OwnerRef(String kind, String name, String uid) {

    public OwnerRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
