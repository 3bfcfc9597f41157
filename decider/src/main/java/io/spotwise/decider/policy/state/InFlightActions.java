package io.spotwise.decider.policy.state;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.FallbackEviction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The decider's one record of actions without an outcome: those of the state, decided here ({@link ActionFactory}) or
 * read back from spotwise.actions ({@link ActionHistory}), by id, with the marks they left; every action read back,
 * by target ({@link InFlightTargets}), so a leader repeats none; and the pods whose eviction failed. The eviction invariant is kept here
 * and only here: a pod is EVICTING exactly while an eviction of it is in flight, and its workload counts it (and, for
 * a fallback eviction, counts it as one) for exactly that long.
 */
final class InFlightActions {

    private final Map<String, InFlightAction> byId = new LinkedHashMap<>();
    private final Map<PodEntry, InFlightAction> evictionsByPod = new HashMap<>();
    /** Pods whose eviction failed: not targeted again before the time (epoch millis). */
    private final Map<PodEntry, Long> podRetryAt = new HashMap<>();
    /** The actions read back without a terminal outcome, by target: what a decided action must not repeat. */
    private final InFlightTargets targets;
    /** Told when a workload's last eviction ended (it may be dropped then). */
    private final Consumer<WorkloadState> released;

    InFlightActions(Duration expiry, Consumer<WorkloadState> released) {
        this.targets = new InFlightTargets(expiry);
        this.released = released;
    }

    InFlightTargets targets() {
        return targets;
    }

    /** Marks the action in flight until {@code expiresAt}; an eviction ({@code pod} not null) marks its pod too. */
    InFlightAction add(Action action, WorkloadState ws, PodEntry pod, long expiresAt) {
        InFlightAction inFlight = new InFlightAction(action.id(), action.type(), ws, pod, expiresAt,
                action instanceof FallbackEviction);
        byId.put(action.id(), inFlight);
        if (pod != null) {
            evictionsByPod.put(pod, inFlight);
            pod.set(PodEntry.EVICTING, true);
            ws.evictionStarted(inFlight.fallback());
        }
        return inFlight;
    }

    /** Ends an action (outcome, never written, expired); an eviction's pod and workload marks go with it. */
    void end(InFlightAction action) {
        byId.remove(action.id());
        if (action.pod() != null && evictionsByPod.remove(action.pod()) != null) {
            action.pod().set(PodEntry.EVICTING, false);
            action.workload().evictionEnded(action.fallback());
            released.accept(action.workload());
        }
    }

    InFlightAction get(String id) {
        return byId.get(id);
    }

    boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** Removes the action without touching any mark (its outcome arrived; an eviction is then ended by its pod). */
    InFlightAction remove(String id) {
        return byId.remove(id);
    }

    InFlightAction evictionOf(PodEntry pod) {
        return evictionsByPod.get(pod);
    }

    int size() {
        return byId.size();
    }

    int evictions() {
        return evictionsByPod.size();
    }

    /** An action with no outcome stops blocking after actionTimeout, so nothing wedges forever. */
    void expire(long at) {
        List<InFlightAction> expired = new ArrayList<>();
        for (InFlightAction a : byId.values()) {
            if (a.expiresAt() <= at) {
                expired.add(a);
            }
        }
        for (InFlightAction a : expired) {
            if (a.type() == ActionType.EVICT_POD) {
                end(a);
            } else {
                byId.remove(a.id());
                if (a.type() == ActionType.ENABLE_SPOT) {
                    a.workload().enableForgotten();
                }
            }
        }
    }

    void retryAt(PodEntry pod, long at) {
        podRetryAt.put(pod, at);
    }

    /** Its eviction failed and it is not to be targeted again yet. */
    boolean retryHeld(PodEntry pod, long at) {
        Long retryAt = podRetryAt.get(pod);
        return retryAt != null && retryAt > at;
    }

    /** The pod is gone: so is its retry time, and its eviction is over whatever its outcome says. */
    void podGone(PodEntry pod) {
        podRetryAt.remove(pod);
        InFlightAction eviction = evictionsByPod.get(pod);
        if (eviction != null) {
            end(eviction);
        }
    }
}
