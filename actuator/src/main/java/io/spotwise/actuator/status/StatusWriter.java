package io.spotwise.actuator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.spotwise.actuator.Effect;
import io.spotwise.actuator.KubeWorker;
import io.spotwise.actuator.eviction.RetryBackoff;
import io.spotwise.actuator.guard.PatchScope;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.WorkloadKind;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WriteStatus;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * WRITE_STATUS: one JSON merge patch of the workload's {@code <prefix>/status} and {@code <prefix>/status-summary}
 * annotations, checked by {@link PatchScope} (nothing else can be touched) and by the API server's
 * ValidatingAdmissionPolicy. Idempotent: values already in place are not written again. No Event: the status is
 * the thing kubectl shows. Trust checks (opted in, UID, scope) ran before, as for every action.
 */
public final class StatusWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KubernetesClient client;
    private final KubeWorker worker;
    private final SpotwiseKeys keys;
    private final RetryBackoff backoff;
    private final boolean dryRun;

    public StatusWriter(KubernetesClient client, KubeWorker worker, SpotwiseKeys keys, RetryBackoff backoff, boolean dryRun) {
        this.client = client;
        this.worker = worker;
        this.keys = keys;
        this.backoff = backoff;
        this.dryRun = dryRun;
    }

    public Future<Effect> write(WriteStatus action) {
        return worker.callRetrying("Writing the status of " + action.workload(), backoff, () -> {
            Resource<? extends HasMetadata> resource = resource(action.workload());
            HasMetadata live = resource.get();
            if (live == null) {
                return new Effect(OutcomeResult.ALREADY_GONE, action.workload() + " no longer exists", null);
            }
            if (!Objects.equals(live.getMetadata().getUid(), action.workloadUid())) {
                return new Effect(OutcomeResult.PRECONDITION_FAILED, action.workload() + " has UID " + live.getMetadata().getUid()
                        + ", not " + action.workloadUid(), null);
            }
            Map<String, String> annotations = live.getMetadata().getAnnotations();
            if (annotations != null && action.summary().equals(annotations.get(keys.statusSummary()))
                    && sameExceptTime(action.status(), annotations.get(keys.status()))) {
                return new Effect(OutcomeResult.PATCHED, "status already in place", null);
            }
            if (dryRun) {
                return new Effect(OutcomeResult.DRY_RUN, "dry run: status not written: " + action.summary(), null);
            }
            resource.patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch(action));
            return new Effect(OutcomeResult.PATCHED, keys.statusSummary() + "=" + action.summary(), null);
        });
    }

    /** The only patch this class sends; checked so that nothing but the two status annotations can be touched. */
    String mergePatch(WriteStatus action) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("metadata").putObject("annotations").put(keys.status(), action.status()).put(keys.statusSummary(), action.summary());
        String patch = root.toString();
        String outside = PatchScope.outside(patch, Set.of(keys.status(), keys.statusSummary()));
        if (outside != null) {
            throw new IllegalStateException("refusing to send a patch that " + outside + ": " + patch);
        }
        return patch;
    }

    private static boolean sameExceptTime(String wanted, String current) {
        if (current == null) {
            return false;
        }
        try {
            ObjectNode a = (ObjectNode) JSON.readTree(wanted);
            ObjectNode b = (ObjectNode) JSON.readTree(current);
            a.remove("updatedAt");
            b.remove("updatedAt");
            return a.equals(b);
        } catch (IOException | ClassCastException e) {
            return false; // unreadable: overwrite it
        }
    }

    private Resource<? extends HasMetadata> resource(WorkloadRef w) {
        return w.kind() == WorkloadKind.Deployment
                ? client.apps().deployments().inNamespace(w.namespace()).withName(w.name())
                : client.apps().statefulSets().inNamespace(w.namespace()).withName(w.name());
    }
}
