package io.spotwise.actuator.guard;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.WorkloadKind;
import io.spotwise.contract.WorkloadRef;
import java.util.List;

/**
 * Reads, from the API server, the live objects the guard judges: the workload, the pod and the owners between them.
 * Blocking fabric8 calls: run on the actuator's worker pool.
 */
public final class LiveTargets {

    private final KubernetesClient client;

    public LiveTargets(KubernetesClient client) {
        this.client = client;
    }

    /** The live workload, null when it does not exist. */
    public LiveWorkload workload(WorkloadRef w) {
        HasMetadata live = w.kind() == WorkloadKind.Deployment
                ? client.apps().deployments().inNamespace(w.namespace()).withName(w.name()).get()
                : client.apps().statefulSets().inNamespace(w.namespace()).withName(w.name()).get();
        return live == null ? null
                : new LiveWorkload(live.getMetadata().getUid(), live.getMetadata().getLabels(), live.getMetadata().getDeletionTimestamp() != null);
    }

    public Pod pod(PodRef pod) {
        return client.pods().inNamespace(pod.namespace()).withName(pod.name()).get();
    }

    /**
     * Follows the pod's owner references to the workload the way the watcher resolves them (what the decider decided on):
     * the pod's first owner reference (a ReplicaSet or a StatefulSet), then the ReplicaSet's Deployment reference (its
     * controller one when several), checking on the live ReplicaSet that it is the object the pod references.
     */
    public OwnerChain owner(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        OwnerReference ref = refs == null || refs.isEmpty() ? null : refs.get(0);
        if (ref == null) {
            return OwnerChain.broken("it has no owner reference");
        }
        if ("StatefulSet".equals(ref.getKind())) {
            return OwnerChain.of(WorkloadRef.statefulSet(ns, ref.getName()), ref.getUid());
        }
        if (!"ReplicaSet".equals(ref.getKind())) {
            return OwnerChain.broken("its owner is " + ref.getKind() + "/" + ref.getName());
        }
        ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).withName(ref.getName()).get();
        if (rs == null || !rs.getMetadata().getUid().equals(ref.getUid())) {
            return OwnerChain.broken("its ReplicaSet " + ref.getName() + (rs == null ? " does not exist" : " is another object now"));
        }
        OwnerReference top = deployment(rs.getMetadata().getOwnerReferences());
        if (top == null) {
            return OwnerChain.broken("its ReplicaSet " + ref.getName() + " belongs to no Deployment");
        }
        return OwnerChain.of(WorkloadRef.deployment(ns, top.getName()), top.getUid());
    }

    private static OwnerReference deployment(List<OwnerReference> refs) {
        OwnerReference found = null;
        for (OwnerReference r : refs == null ? List.<OwnerReference>of() : refs) {
            if ("Deployment".equals(r.getKind()) && (found == null || Boolean.TRUE.equals(r.getController()))) {
                found = r;
            }
        }
        return found;
    }
}
