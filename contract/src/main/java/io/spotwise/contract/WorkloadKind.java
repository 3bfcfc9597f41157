package io.spotwise.contract;

/** The top-level workload kinds Spotwise manages (apps/v1). */
public enum WorkloadKind {
    Deployment,
    StatefulSet;

    public String apiVersion() {
        return "apps/v1";
    }

    /** Parses a Kubernetes kind name; null when it is not a managed workload kind. */
    public static WorkloadKind fromKind(String kind) {
        for (WorkloadKind k : values()) {
            if (k.name().equals(kind)) {
                return k;
            }
        }
        return null;
    }
}
