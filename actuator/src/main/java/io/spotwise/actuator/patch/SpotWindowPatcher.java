package io.spotwise.actuator.patch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.spotwise.actuator.Effect;
import io.spotwise.actuator.KubeWorker;
import io.spotwise.actuator.events.EventMessages;
import io.spotwise.actuator.events.EventSpec;
import io.spotwise.actuator.events.SpotEventReason;
import io.spotwise.actuator.eviction.RetryBackoff;
import io.spotwise.actuator.guard.EvictionGuard;
import io.spotwise.actuator.guard.LiveObject;
import io.spotwise.actuator.guard.PatchScope;
import io.spotwise.actuator.guard.Verdict;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.Action;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.InvolvedObject;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.WorkloadKind;
import io.spotwise.contract.WorkloadRef;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DISABLE_SPOT and ENABLE_SPOT: JSON merge patches of {@code <prefix>/spot-disabled-until} on the Deployment or
 * StatefulSet, both idempotent (a value already in place is not written again). ENABLE_SPOT leaves a window alone that
 * a later fallback pushed into the future.
 */
public final class SpotWindowPatcher {

    private static final Logger LOG = LoggerFactory.getLogger(SpotWindowPatcher.class);

    private final KubernetesClient client;
    private final KubeWorker worker;
    private final SpotwiseKeys keys;
    private final Clock clock;
    private final boolean dryRun;
    private final RetryBackoff backoff;

    /** @param backoff retries of transient API errors (no answer, 429, 5xx): reads and merge patches are idempotent */
    public SpotWindowPatcher(KubernetesClient client, KubeWorker worker, SpotwiseKeys keys, RetryBackoff backoff, Clock clock, boolean dryRun) {
        this.client = client;
        this.backoff = backoff;
        this.worker = worker;
        this.keys = keys;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    /** The pod-deletion-cost patches, with this patcher's client, worker pool, retries and dry-run mode. */
    public DeletionCostPatcher deletionCosts() {
        return new DeletionCostPatcher(client, worker, backoff, dryRun);
    }

    public Future<Effect> disable(DisableSpot action) {
        String until = EventMessages.rfc3339(action.disabledUntil());
        return withLiveWorkload(action, (live, object) -> {
            EventSpec event = disabledEvent(action, object);
            if (dryRun || action.dryRun()) {
                return new Effect(OutcomeResult.DRY_RUN, "dry run: " + keys.spotDisabledUntil() + " not set",
                        event.asDryRun("disabled " + EventMessages.schedulingDisabled(action)));
            }
            if (until.equals(annotation(live))) {
                return new Effect(OutcomeResult.PATCHED, keys.spotDisabledUntil() + " was already " + until, event);
            }
            resource(action.workload()).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch("\"" + until + "\""));
            LOG.info("{}: disabled spot scheduling until {}", action.workload(), until);
            return new Effect(OutcomeResult.PATCHED, keys.spotDisabledUntil() + "=" + until, event);
        });
    }

    public Future<Effect> enable(EnableSpot action) {
        return withLiveWorkload(action, (live, object) -> {
            String current = annotation(live);
            if (current != null && stillInFuture(current)) {
                return new Effect(OutcomeResult.PRECONDITION_FAILED, keys.spotDisabledUntil() + " is " + current
                        + ", a window that has not ended: a newer fallback started", null);
            }
            EventSpec event = enabledEvent(action, object);
            if (dryRun || action.dryRun()) {
                return new Effect(OutcomeResult.DRY_RUN, "dry run: " + keys.spotDisabledUntil() + " not removed",
                        event.asDryRun("enabled " + EventMessages.schedulingEnabled(action)));
            }
            if (current == null) {
                return new Effect(OutcomeResult.PATCHED, keys.spotDisabledUntil() + " was already absent", event);
            }
            resource(action.workload()).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch("null"));
            LOG.info("{}: enabled spot scheduling again (removed {}={})", action.workload(), keys.spotDisabledUntil(), current);
            return new Effect(OutcomeResult.PATCHED, "removed " + keys.spotDisabledUntil() + "=" + current, event);
        });
    }

    /**
     * For an action with a STARTED mark: the annotation as the action wants it on the workload it was decided for means
     * the earlier attempt's patch went through — PATCHED with the action's Event. Null when it is not (nothing visible).
     */
    public Future<Effect> patchedEarlier(Action action) {
        return worker.callRetrying("Reading " + action.workload(), backoff, () -> {
            HasMetadata live = resource(action.workload()).get();
            if (live == null || !action.workloadUid().equals(live.getMetadata().getUid())) {
                return null;
            }
            WorkloadRef w = action.workload();
            InvolvedObject object = new InvolvedObject(w.kind().name(), w.kind().apiVersion(), w.namespace(), w.name(), action.workloadUid());
            String current = annotation(live);
            if (action instanceof DisableSpot d && EventMessages.rfc3339(d.disabledUntil()).equals(current)) {
                return new Effect(OutcomeResult.PATCHED, keys.spotDisabledUntil() + "=" + current + " (set by an earlier attempt)",
                        disabledEvent(d, object));
            }
            if (action instanceof EnableSpot e && current == null) {
                return new Effect(OutcomeResult.PATCHED, "removed " + keys.spotDisabledUntil() + " (by an earlier attempt)", enabledEvent(e, object));
            }
            return null;
        });
    }

    /** Both Events' messages are made of the action alone, never of the live object: every attempt writes the same one. */
    private static EventSpec disabledEvent(DisableSpot action, InvolvedObject object) {
        return EventSpec.of(SpotEventReason.SpotSchedulingDisabled, EventMessages.disabled(action), object, "Patch");
    }

    private static EventSpec enabledEvent(EnableSpot action, InvolvedObject object) {
        return EventSpec.of(SpotEventReason.SpotSchedulingEnabled, EventMessages.enabled(action), object, "Patch");
    }

    /** Reads the live workload, lets the guard decide, then runs {@code act} on the worker pool. */
    Future<Effect> withLiveWorkload(Action action, WorkloadStep act) {
        return worker.callRetrying("Patching " + action.workload(), backoff, () -> {
            HasMetadata live = resource(action.workload()).get();
            Verdict verdict = EvictionGuard.checkWorkload(action, live == null ? null
                    : new LiveObject(live.getMetadata().getUid(), null, live.getMetadata().getDeletionTimestamp() != null));
            if (!verdict.proceed()) {
                LOG.info("{}: not patching: {}", action.workload(), verdict.reason());
                return new Effect(verdict.kind() == Verdict.Kind.GONE ? OutcomeResult.ALREADY_GONE : OutcomeResult.PRECONDITION_FAILED,
                        verdict.reason(), null);
            }
            WorkloadRef w = action.workload();
            return act.apply(live, new InvolvedObject(w.kind().name(), w.kind().apiVersion(), w.namespace(), w.name(), live.getMetadata().getUid()));
        });
    }

    /** The workload's involved-object description for events that need no patch (SpotConfigInvalid). */
    public Future<InvolvedObject> involvedObject(Action action) {
        return worker.callRetrying("Reading " + action.workload(), backoff, () -> {
            HasMetadata live = resource(action.workload()).get();
            WorkloadRef w = action.workload();
            return live == null ? null
                    : new InvolvedObject(w.kind().name(), w.kind().apiVersion(), w.namespace(), w.name(), live.getMetadata().getUid());
        });
    }

    @FunctionalInterface
    interface WorkloadStep {
        Effect apply(HasMetadata live, InvolvedObject object);
    }

    private Resource<? extends HasMetadata> resource(WorkloadRef w) {
        return w.kind() == WorkloadKind.Deployment
                ? client.apps().deployments().inNamespace(w.namespace()).withName(w.name())
                : client.apps().statefulSets().inNamespace(w.namespace()).withName(w.name());
    }

    private String annotation(HasMetadata live) {
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(keys.spotDisabledUntil());
    }

    private boolean stillInFuture(String value) {
        try {
            return Instant.parse(value).isAfter(clock.instant());
        } catch (DateTimeParseException e) {
            return false; // an unreadable window is no window: removing it is what ENABLE_SPOT is for
        }
    }

    /** The only patch the actuator sends; checked against {@link PatchScope} so nothing else can ever be touched. */
    private String mergePatch(String jsonValue) {
        String patch = "{\"metadata\":{\"annotations\":{\"" + keys.spotDisabledUntil() + "\":" + jsonValue + "}}}";
        String outside = PatchScope.outside(patch, Set.of(keys.spotDisabledUntil()));
        if (outside != null) {
            throw new IllegalStateException("refusing to send a patch that " + outside + ": " + patch);
        }
        return patch;
    }
}
