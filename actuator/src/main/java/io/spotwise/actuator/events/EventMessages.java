package io.spotwise.actuator.events;

import io.spotwise.common.config.Durations;
import io.spotwise.common.contract.Action;
import io.spotwise.common.contract.ActionReason;
import io.spotwise.common.contract.SplitCounts;
import io.spotwise.common.contract.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The messages of the six Event reasons. Each answers the operator's question on its own: which way a rebalance went
 * and toward which split, how long a pod was pending against which timeout, until when spot is disabled and why, which
 * PodDisruptionBudget blocked, what was wrong with a spot-config. Pure.
 */
public final class EventMessages {

    private EventMessages() {
    }

    /** "on-demand pod for rebalancing toward 6 spot / 4 on-demand (60 %, min 2 on-demand): 3 spot / 7 on-demand in ReplicaSet web-7d9f". */
    public static String rebalanceEviction(Action a) {
        String capacity = a.reason() == ActionReason.REBALANCE_EXCESS_SPOT ? "spot" : "on-demand";
        return capacity + " pod for rebalancing " + towardSplit(a.counts(), a);
    }

    /** "spot pod that was Pending for 1m12s (schedule timeout 1m) so it is recreated on on-demand nodes (spot fallback)". */
    public static String fallbackEviction(Action a) {
        return "spot pod that was Pending " + pendingAgainstTimeout(a) + " so it is recreated on on-demand nodes (spot fallback"
                + (a.disabledUntil() == null ? ")" : ", spot disabled until " + rfc3339(a.disabledUntil()) + ")");
    }

    /** "spot scheduling until 2026-06-25T10:15:30Z: spot pod shop/web-1 was Pending for 1m12s (schedule timeout 1m); ...". */
    public static String schedulingDisabled(Action a) {
        StringBuilder s = new StringBuilder("spot scheduling until ").append(rfc3339(a.disabledUntil())).append(": ");
        if (a.pod() != null) {
            s.append("spot pod ").append(a.pod().namespace()).append('/').append(a.pod().name()).append(" was Pending ");
        } else {
            s.append("a spot pod was Pending ");
        }
        s.append(pendingAgainstTimeout(a)).append(", so spot capacity looks unavailable; new pods go on-demand until then");
        if (a.detail() != null && !a.detail().isBlank()) {
            s.append(" (").append(a.detail()).append(')');
        }
        return s.toString();
    }

    /** "spot scheduling again: the fallback window ended (spot was disabled until ...); new pods follow the split again". */
    public static String schedulingEnabled(Action a, String previousUntil) {
        String split = a.counts() == null ? "the spot / on-demand split"
                : "the split of " + a.counts().percentage() + " % spot, min " + a.counts().minOnDemandReplicas() + " on-demand";
        return "spot scheduling again: the fallback window ended"
                + (previousUntil == null ? "" : " (spot was disabled until " + previousUntil + ")")
                + "; new pods follow " + split + " again and rebalancing moves existing ones";
    }

    /** "PodDisruptionBudget web-pdb refused to evict the on-demand pod for rebalancing toward ...: <server message>". */
    public static String evictionBlocked(Action a, String pdbName, String serverMessage) {
        String what = switch (a.reason()) {
            case FALLBACK -> "evict the " + fallbackEviction(a);
            case REBALANCE_EXCESS_SPOT, REBALANCE_EXCESS_ON_DEMAND -> "evict the " + rebalanceEviction(a);
            default -> "evict the pod";
        };
        return "PodDisruptionBudget " + (pdbName == null ? "(name not given by the API server)" : pdbName) + " refused to " + what
                + ": " + serverMessage;
    }

    /** "annotation spotwise.io/spot-config cannot be used: <what is wrong and what is used instead>". */
    public static String configInvalid(Action a, String annotationKey) {
        String detail = a.detail() == null || a.detail().isBlank() ? "it is not valid; the defaults are used instead" : a.detail();
        return "Annotation " + annotationKey + " cannot be used: " + detail;
    }

    private static String towardSplit(SplitCounts c, Action a) {
        if (c == null) {
            return "(excess " + (a.reason() == ActionReason.REBALANCE_EXCESS_SPOT ? "spot" : "on-demand") + ")";
        }
        String ownerKind = a.workload().kind() == WorkloadKind.Deployment ? "ReplicaSet" : "StatefulSet";
        String owner = c.owner() == null ? a.workload().toString() : ownerKind + " " + c.owner();
        return "toward " + c.desiredSpot() + " spot / " + c.desiredOnDemand() + " on-demand (" + c.percentage() + " %, min "
                + c.minOnDemandReplicas() + " on-demand): " + c.spot() + " spot / " + c.onDemand() + " on-demand in " + owner;
    }

    private static String pendingAgainstTimeout(Action a) {
        String pending = a.pendingFor() == null ? "longer than the schedule timeout" : "for " + Durations.format(round(a.pendingFor()));
        return a.scheduleTimeout() == null ? pending : pending + " (schedule timeout " + Durations.format(a.scheduleTimeout()) + ")";
    }

    private static Duration round(Duration d) {
        return Duration.ofSeconds(d.getSeconds());
    }

    public static String rfc3339(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
