package io.spotwise.actuator.patch;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.spotwise.actuator.Effect;
import io.spotwise.actuator.KubeWorker;
import io.spotwise.actuator.eviction.RetryBackoff;
import io.spotwise.actuator.guard.PatchScope;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.SetDeletionCost;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SET_DELETION_COST: a JSON merge patch of {@code controller.kubernetes.io/pod-deletion-cost} on one pod, only after
 * re-reading it: a pod that is gone is ALREADY_GONE, one with another UID (recreated under the name) or being
 * deleted PRECONDITION_FAILED, a value already in place is not written again (PATCHED). No Event: the value is
 * bookkeeping for the ReplicaSet controller's scale-down order, visible on the pod.
 */
public final class DeletionCostPatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeletionCostPatcher.class);

    private final KubernetesClient client;
    private final KubeWorker worker;
    private final RetryBackoff backoff;
    private final boolean dryRun;

    DeletionCostPatcher(KubernetesClient client, KubeWorker worker, RetryBackoff backoff, boolean dryRun) {
        this.client = client;
        this.worker = worker;
        this.backoff = backoff;
        this.dryRun = dryRun;
    }

    public Future<Effect> set(SetDeletionCost action) {
        String value = Integer.toString(action.cost());
        return worker.callRetrying("Patching pod " + action.pod(), backoff, () -> {
            Pod live = client.pods().inNamespace(action.pod().namespace()).withName(action.pod().name()).get();
            Effect stale = stale(action, live);
            if (stale != null) {
                return stale;
            }
            if (value.equals(current(live))) {
                return new Effect(OutcomeResult.PATCHED, SetDeletionCost.ANNOTATION + " was already " + value, null);
            }
            if (dryRun || action.dryRun()) {
                return new Effect(OutcomeResult.DRY_RUN, "dry run: " + SetDeletionCost.ANNOTATION + " not set to " + value, null);
            }
            client.pods().inNamespace(action.pod().namespace()).withName(action.pod().name())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch(value));
            LOG.debug("{}: pod {} {}={}", action.workload(), action.pod().name(), SetDeletionCost.ANNOTATION, value);
            return new Effect(OutcomeResult.PATCHED, SetDeletionCost.ANNOTATION + "=" + value, null);
        });
    }

    /** For an action with a STARTED mark: the value in place means the earlier attempt's patch went through. */
    public Future<Effect> patchedEarlier(SetDeletionCost action) {
        return worker.callRetrying("Reading pod " + action.pod(), backoff, () -> {
            Pod live = client.pods().inNamespace(action.pod().namespace()).withName(action.pod().name()).get();
            return stale(action, live) == null && Integer.toString(action.cost()).equals(current(live))
                    ? new Effect(OutcomeResult.PATCHED, SetDeletionCost.ANNOTATION + "=" + action.cost() + " (set by an earlier attempt)", null)
                    : null;
        });
    }

    private static Effect stale(SetDeletionCost action, Pod live) {
        if (live == null) {
            return new Effect(OutcomeResult.ALREADY_GONE, "pod " + action.pod() + " no longer exists", null);
        }
        if (!action.pod().uid().equals(live.getMetadata().getUid()) || live.getMetadata().getDeletionTimestamp() != null) {
            return new Effect(OutcomeResult.PRECONDITION_FAILED, "pod " + action.pod() + " was recreated or is being deleted", null);
        }
        return null;
    }

    private static String current(Pod live) {
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(SetDeletionCost.ANNOTATION);
    }

    /** The only patch sent to a pod; checked against {@link PatchScope} so nothing else can ever be touched. */
    private static String mergePatch(String value) {
        String patch = "{\"metadata\":{\"annotations\":{\"" + SetDeletionCost.ANNOTATION + "\":\"" + value + "\"}}}";
        String outside = PatchScope.outside(patch, Set.of(SetDeletionCost.ANNOTATION));
        if (outside != null) {
            throw new IllegalStateException("refusing to send a patch that " + outside + ": " + patch);
        }
        return patch;
    }
}
