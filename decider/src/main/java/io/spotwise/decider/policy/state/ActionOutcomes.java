package io.spotwise.decider.policy.state;

import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodRef;
import java.time.Instant;

/**
 * What an outcome does to the state. Evictions: any answer ends the in-flight mark; EVICTED / ALREADY_GONE make the
 * pod never a target again and restart its owner's stabilization period (the pod counts until its deletion is seen);
 * BLOCKED_BY_PDB backs its owner off one stabilization period; FAILED / DRY_RUN retry the
 * pod after the failure back-off. DISABLE_SPOT FAILED drops our local window so the next tick can decide again.
 * ENABLE_SPOT FAILED is retried after the back-off.
 */
final class ActionOutcomes {

    private final SpotState state;

    ActionOutcomes(SpotState state) {
        this.state = state;
    }

    void apply(Outcome outcome, Instant now) {
        if (!outcome.result().terminal()) {
            return; // the actuator's write-ahead STARTED mark: the action is still in flight
        }
        InFlightAction action = state.inFlight().remove(outcome.actionId());
        long at = now.toEpochMilli();
        switch (outcome.actionType()) {
            case EVICT_POD -> evicted(outcome, action, at);
            case DISABLE_SPOT -> {
                WorkloadState ws = state.workloads().get(outcome.workload());
                if (ws != null && outcome.result() == OutcomeResult.FAILED) {
                    ws.disableFailed();
                } else if (ws != null && outcome.result() == OutcomeResult.PATCHED) {
                    ws.disablePatched(false);
                } else if (ws != null && outcome.result() == OutcomeResult.DRY_RUN) {
                    // the would-be window "took effect": report the would-be evictions, placement stays untouched
                    ws.disablePatched(true);
                }
            }
            case ENABLE_SPOT -> {
                WorkloadState ws = state.workloads().get(outcome.workload());
                if (ws != null && outcome.result() == OutcomeResult.FAILED) {
                    ws.enableFailed(at + state.settings().failureBackoff().toMillis());
                }
            }
            default -> {
                // reports need nothing
            }
        }
    }

    private void evicted(Outcome outcome, InFlightAction action, long at) {
        PodEntry pod = action != null ? action.pod() : byRef(outcome.pod());
        if (pod == null) {
            return;
        }
        InFlightAction inFlight = state.inFlight().evictionOf(pod);
        if (inFlight != null) {
            state.inFlight().end(inFlight);
        }
        switch (outcome.result()) {
            case EVICTED, ALREADY_GONE -> {
                pod.set(PodEntry.EVICTED, true);
                // the pod still counts until the watcher's record of its deletion arrives; an eviction carried out
                // after a long queue must not let the next tick take a second pod for the same move
                pod.owner().touched(at);
            }
            case BLOCKED_BY_PDB -> {
                long until = at + state.settings().rebalanceStabilizationPeriod().toMillis();
                pod.owner().backOff(until);
                state.inFlight().retryAt(pod, until);
            }
            case FAILED, DRY_RUN -> state.inFlight().retryAt(pod, at + state.settings().failureBackoff().toMillis());
            default -> {
                // PRECONDITION_FAILED: the pod is no longer what we targeted; its next snapshot tells the rest
            }
        }
    }

    /** An outcome for an action we do not remember (emitted before a restart or by another leader). */
    private PodEntry byRef(PodRef ref) {
        if (ref == null) {
            return null;
        }
        PodEntry pod = state.find(ref.namespace(), ref.name());
        return pod != null && (ref.uid() == null || pod.hasUid(ref.uid())) ? pod : null;
    }
}
