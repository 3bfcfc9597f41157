package io.spotwise.decider.policy.state;

import io.spotwise.contract.Action;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.decider.policy.config.EffectiveConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * What an action read back from spotwise.actions does to the state when this replica did not decide it (a previous
 * leader did, or this replica before a restart): the same marks {@link ActionFactory} leaves when it decides, so a
 * new leader neither repeats it nor picks a second victim in the same owner set within its stabilization period.
 * An action whose timeout has passed changes nothing. Actions already answered never reach here (the service drops
 * an action whose outcome it has seen, in whichever order the two were read).
 */
final class ActionHistory {

    private final SpotState state;

    ActionHistory(SpotState state) {
        this.state = state;
    }

    void apply(Action action, Instant now) {
        if (state.inFlight().contains(action.id())) {
            return; // ours: marked when decided
        }
        long decided = action.decidedAt().toEpochMilli();
        long expiresAt = decided + state.settings().actionTimeout().toMillis();
        if (action instanceof DisableSpot disable) {
            // even when long over: the next window of an adaptive fallback is measured against this one
            WorkloadState ws = state.workloads().computeIfAbsent(action.workload(), WorkloadState::new);
            ws.windowDecided(disable.decidedAt(), disable.disabledUntil());
        }
        if (action instanceof SetDeletionCost cost) {
            PodEntry pod = state.find(cost.pod().namespace(), cost.pod().name());
            if (pod != null && pod.hasUid(cost.pod().uid())) {
                pod.deletionCost(cost.cost()); // written then, however old: not written again while it still holds
            }
            return;
        }
        if (expiresAt <= now.toEpochMilli()) {
            return;
        }
        WorkloadState ws = state.workloads().computeIfAbsent(action.workload(), WorkloadState::new);
        switch (action.type()) {
            case EVICT_POD -> eviction(action, decided, expiresAt);
            case DISABLE_SPOT -> {
                ws.disableReadBack(((DisableSpot) action).disabledUntil());
                state.inFlight().add(action, ws, null, expiresAt);
            }
            case ENABLE_SPOT -> {
                EffectiveConfig config = ws.config();
                if (config != null && Objects.equals(config.disabledUntil(), ((EnableSpot) action).previousUntil())) {
                    ws.enableIssued(ws.disabledUntilRaw());
                }
                state.inFlight().add(action, ws, null, expiresAt);
            }
            case REPORT_REBALANCE_PAUSED -> {
                try {
                    ws.pauseReported(RebalancePause.valueOf(((ReportRebalancePaused) action).pause())); // said already
                } catch (IllegalArgumentException unknown) {
                    ws.pauseReported(null);
                }
            }
            case REPORT_CONFIG_INVALID -> {
                EffectiveConfig config = ws.config();
                if (config != null && !config.valid() && String.join("; ", config.problems()).equals(((ReportConfigInvalid) action).detail())) {
                    ws.badConfigReported(ws.spotConfigRaw() == null ? "" : ws.spotConfigRaw());
                }
            }
            default -> {
                // a kind this version does not know changes nothing
            }
        }
        state.dropIfUnused(ws);
    }

    /** An action decided here that was never written (the transaction failed): its marks go, the next tick decides again. */
    void forget(Action action) {
        InFlightAction inFlight = state.inFlight().get(action.id());
        WorkloadState ws = state.workloads().get(action.workload());
        switch (action.type()) {
            case EVICT_POD -> {
                if (inFlight != null) {
                    state.inFlight().end(inFlight);
                }
            }
            case DISABLE_SPOT -> {
                if (ws != null) {
                    ws.disableUnwritten();
                }
            }
            case ENABLE_SPOT -> {
                if (ws != null) {
                    ws.enableForgotten();
                }
            }
            case REPORT_CONFIG_INVALID -> {
                if (ws != null) {
                    ws.badConfigReported(null);
                }
            }
            default -> {
                // nothing marked
            }
        }
        state.inFlight().remove(action.id());
    }

    private void eviction(Action evict, long decided, long expiresAt) {
        PodEviction action = (PodEviction) evict;
        PodEntry pod = state.find(action.pod().namespace(), action.pod().name());
        if (pod == null || !pod.hasUid(action.pod().uid()) || state.inFlight().evictionOf(pod) != null) {
            return; // gone (its tombstone ended it) or already in flight
        }
        state.inFlight().add(action, pod.owner().workload(), pod, expiresAt);
        pod.owner().touched(decided);
    }
}
