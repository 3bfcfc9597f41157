package io.spotwise.decider.policy.placement;

import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.decider.policy.state.OwnerSet;
import io.spotwise.decider.policy.state.SpotState;

/**
 * Pod → workload for the webhook, where only the new pod is known (reference §2): the first ownerReference counts; a
 * ReplicaSet known from pod snapshots gives its workload directly, otherwise its Deployment is the ReplicaSet's name
 * minus {@code -<pod-template-hash>}, falling back to the reference's suffix rule; a StatefulSet is its own workload.
 */
public final class WorkloadResolver {

    private static final String SAFE_ENCODE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private WorkloadResolver() {
    }

    /** The workload, or null when the owner is not a ReplicaSet / StatefulSet or the Deployment cannot be derived. */
    static WorkloadRef resolve(SpotState state, String namespace, OwnerRef owner, String podTemplateHash) {
        switch (owner.kind()) {
            case "StatefulSet" :
                return WorkloadRef.statefulSet(namespace, owner.name());
            case "ReplicaSet" :
                OwnerSet known = state.ownerSet("ReplicaSet", namespace, owner.name());
                if (known != null) {
                    return known.workload().ref();
                }
                String deployment = deploymentOf(owner.name(), podTemplateHash);
                return deployment == null ? null : WorkloadRef.deployment(namespace, deployment);
            default :
                return null;
        }
    }

    /** The Deployment a ReplicaSet of that name belongs to, null when it cannot be derived. */
    public static String deploymentOf(String replicaSet, String podTemplateHash) {
        if (podTemplateHash != null && !podTemplateHash.isEmpty() && replicaSet.endsWith("-" + podTemplateHash)
                && replicaSet.length() > podTemplateHash.length() + 1) {
            return replicaSet.substring(0, replicaSet.length() - podTemplateHash.length() - 1);
        }
        int dash = replicaSet.lastIndexOf('-');
        if (dash <= 0) {
            return null;
        }
        String suffix = replicaSet.substring(dash + 1);
        return suffix.length() >= 3 && (allOf(suffix, "0123456789") || allOf(suffix, SAFE_ENCODE_ALPHABET))
                ? replicaSet.substring(0, dash) : null;
    }

    private static boolean allOf(String s, String alphabet) {
        for (int i = 0; i < s.length(); i++) {
            if (alphabet.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
