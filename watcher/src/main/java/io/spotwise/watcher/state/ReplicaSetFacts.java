package io.spotwise.watcher.state;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/** A ReplicaSet reduced to the one thing pods need: the Deployment that owns it (null for a bare ReplicaSet). */
public record ReplicaSetFacts(String namespace, String name, String deployment) {

    public String key() {
        return namespace + "/" + name;
    }

    public static ReplicaSetFacts of(ReplicaSet rs) {
        String deployment = null;
        if (rs.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference ref : rs.getMetadata().getOwnerReferences()) {
                if ("Deployment".equals(ref.getKind()) && (deployment == null || Boolean.TRUE.equals(ref.getController()))) {
                    deployment = ref.getName();
                }
            }
        }
        return new ReplicaSetFacts(PodFacts.intern(rs.getMetadata().getNamespace()), PodFacts.intern(rs.getMetadata().getName()),
                PodFacts.intern(deployment));
    }
}
