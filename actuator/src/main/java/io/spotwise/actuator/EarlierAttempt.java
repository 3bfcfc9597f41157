package io.spotwise.actuator;

import io.spotwise.actuator.events.EventRecorder;
import io.spotwise.actuator.events.SpotEventReason;
import io.spotwise.actuator.eviction.PodEvictor;
import io.spotwise.actuator.patch.SpotWindowPatcher;
import io.spotwise.contract.Action;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.EventRecord;
import io.spotwise.contract.InvolvedObject;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.contract.WriteStatus;
import io.vertx.core.Future;

/**
 * What an earlier attempt of a redelivered action with a STARTED mark visibly did, read from the cluster, as the effect
 * to finish the action with — before expiry and the trust guard, which only decide whether a NEW effect may start:
 * <ol>
 *   <li>an Event that names the action (annotation {@value EventRecorder#ACTION_IDS}) is the action's one Event and
 *       decides its outcome: an eviction Event → EVICTED, SpotEvictionBlocked → BLOCKED_BY_PDB (a refused attempt
 *       stands, it is not tried again), a scheduling Event → PATCHED, a report → REPORTED;</li>
 *   <li>no Event yet: the effect itself — the pod gone, terminating or replaced (EVICTED), the annotation as the action
 *       wants it (PATCHED) — and the action's Event is written now;</li>
 *   <li>nothing visible (a report has no effect but its Event): null, the action is carried out as a new attempt.</li>
 * </ol>
 */
final class EarlierAttempt {

    private final EventRecorder events;
    private final PodEvictor evictor;
    private final SpotWindowPatcher patcher;

    EarlierAttempt(EventRecorder events, PodEvictor evictor, SpotWindowPatcher patcher) {
        this.events = events;
        this.evictor = evictor;
        this.patcher = patcher;
    }

    /** The effect the earlier attempt had, or null when nothing of it is visible. */
    Future<Effect> recognise(Action action) {
        return events.writtenFor(involvedObject(action), action.id())
                .compose(event -> event != null ? Future.succeededFuture(fromEvent(event)) : visibleEffect(action));
    }

    private Future<Effect> visibleEffect(Action action) {
        if (action instanceof PodEviction eviction) {
            return evictor.evictedEarlier(eviction);
        }
        if (action instanceof DisableSpot || action instanceof EnableSpot) {
            return patcher.patchedEarlier(action);
        }
        if (action instanceof SetDeletionCost cost) {
            return patcher.deletionCosts().patchedEarlier(cost);
        }
        if (action instanceof ReportConfigInvalid || action instanceof ReportRebalancePaused
                || action instanceof WriteStatus) { // a status write is simply done again
            return Future.succeededFuture(null);
        }
        throw new IllegalStateException("no recovery for action kind " + action.getClass().getSimpleName());
    }

    private static Effect fromEvent(EventRecord event) {
        OutcomeResult result = switch (SpotEventReason.valueOf(event.reason())) {
            case SpotRebalancingEviction, SpotFallbackEviction -> OutcomeResult.EVICTED;
            case SpotEvictionBlocked -> OutcomeResult.BLOCKED_BY_PDB;
            case SpotSchedulingDisabled, SpotSchedulingEnabled -> OutcomeResult.PATCHED;
            case SpotConfigInvalid, SpotRebalancingPaused -> OutcomeResult.REPORTED;
        };
        return new Effect(result, "done by an earlier attempt of this action: its " + event.reason() + " Event is written", null, event);
    }

    /** The object the action's Event is about: the pod of an eviction, else the workload. */
    private static InvolvedObject involvedObject(Action action) {
        if (action instanceof PodEviction e) {
            return new InvolvedObject("Pod", "v1", e.pod().namespace(), e.pod().name(), e.pod().uid());
        }
        var w = action.workload();
        return new InvolvedObject(w.kind().name(), w.kind().apiVersion(), w.namespace(), w.name(), action.workloadUid());
    }
}
