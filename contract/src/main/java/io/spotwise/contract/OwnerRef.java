package io.spotwise.contract;

/** The direct owner of a pod (its first ownerReference): ReplicaSet, StatefulSet, Job, ... */
public record OwnerRef(String kind, String name, String uid) {

    public OwnerRef {
        RecordChecks.of("OwnerRef", name).present(kind, "kind").present(name, "name");
    }

    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
