package io.spotwise.actuator.events;

import io.spotwise.common.config.Durations;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadKind;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The messages of the six Event reasons, made of the typed actions' fields. Each answers the operator's question on
 * its own: which way a rebalance went and toward which split, how long a pod was pending against which timeout, until
 * when spot is disabled and why, which PodDisruptionBudget blocked, what was wrong with a spot-config. Pure.
 */
public final class EventMessages {

    private EventMessages() {
    }

    /** The SpotRebalancingEviction / SpotFallbackEviction message: "Evicted " + {@link #eviction}. */
    public static String evicted(PodEviction a) {
        return "Evicted " + eviction(a);
    }

    /** The SpotSchedulingDisabled message: "Disabled " + {@link #schedulingDisabled}. */
    public static String disabled(DisableSpot a) {
        return "Disabled " + schedulingDisabled(a);
    }

    /** The SpotSchedulingEnabled message: "Enabled " + {@link #schedulingEnabled}. */
    public static String enabled(EnableSpot a) {
        return "Enabled " + schedulingEnabled(a);
    }

    /** "on-demand pod for rebalancing toward 6 spot / 4 on-demand (60 %, min 2 on-demand): 3 spot / 7 on-demand in ReplicaSet web-7d9f". */
    public static String rebalanceEviction(RebalanceEviction a) {
        return (a.fromSpot() ? "spot" : "on-demand") + " pod for rebalancing " + towardSplit(a.counts(), a);
    }

    /** "spot pod that was Pending for 1m12s (schedule timeout 1m) so it is recreated on on-demand nodes (spot fallback, spot disabled until ...)". */
    public static String fallbackEviction(FallbackEviction a) {
        return "spot pod that was Pending " + pendingAgainstTimeout(a.pendingFor(), a.scheduleTimeout())
                + " so it is recreated on on-demand nodes (spot fallback, spot disabled until " + rfc3339(a.windowEnd()) + ")";
    }

    /** What the eviction was for: {@link #fallbackEviction} or {@link #rebalanceEviction}. */
    public static String eviction(PodEviction a) {
        return a instanceof FallbackEviction f ? fallbackEviction(f) : rebalanceEviction((RebalanceEviction) a);
    }

    /** "spot scheduling until 2026-06-25T10:15:30Z: spot pod shop/web-1 was Pending for 1m12s (schedule timeout 1m), so ...". */
    public static String schedulingDisabled(DisableSpot a) {
        StringBuilder s = new StringBuilder("spot scheduling until ").append(rfc3339(a.disabledUntil())).append(": ");
        if (a.trigger() != null) {
            s.append("spot pod ").append(a.trigger().namespace()).append('/').append(a.trigger().name()).append(" was Pending ");
        } else {
            s.append("a spot pod was Pending "); // a record upgraded from schema version 1 names no pod
        }
        return s.append(pendingAgainstTimeout(a.pendingFor(), a.scheduleTimeout()))
                .append(", so spot capacity looks unavailable; new pods go on-demand until then")
                .append(a.windowReason() == null ? "" : " (" + a.windowReason() + ")").toString();
    }

    /** "spot scheduling again: the fallback window ended (spot was disabled until ...); new pods follow the split of ... again ...". */
    public static String schedulingEnabled(EnableSpot a) {
        String previousUntil = rfc3339(a.previousUntil()); // from the action, never the live annotation (a redelivery finds it gone)
        String split = a.counts() == null ? "the spot / on-demand split"
                : "the split of " + a.counts().percentage() + " % spot, min " + a.counts().minOnDemandReplicas() + " on-demand";
        return "spot scheduling again: the fallback window ended"
                + " (spot was disabled until " + previousUntil + ")"
                + "; new pods follow " + split + " again and rebalancing moves existing ones";
    }

    /** "PodDisruptionBudget web-pdb refused to evict the on-demand pod for rebalancing toward ...: <server message>". */
    public static String evictionBlocked(PodEviction a, String pdbName, String serverMessage) {
        return "PodDisruptionBudget " + (pdbName == null ? "(name not given by the API server)" : pdbName) + " refused to evict the "
                + eviction(a) + ": " + serverMessage;
    }

    /** "Annotation spotwise.io/spot-config cannot be used: <what is wrong and what is used instead>". */
    public static String configInvalid(ReportConfigInvalid a, String annotationKey) {
        return "Annotation " + annotationKey + " cannot be used: " + a.detail();
    }

    /** "Spot rebalancing paused (ROLLOUT_PAUSED): <what holds it and when it resumes>". */
    public static String rebalancingPaused(ReportRebalancePaused a) {
        return "Spot rebalancing paused (" + a.pause() + "): " + a.detail();
    }

    private static String towardSplit(SplitCounts c, RebalanceEviction a) {
        String ownerKind = a.workload().kind() == WorkloadKind.Deployment ? "ReplicaSet" : "StatefulSet";
        String owner = c.owner() == null ? a.workload().toString() : ownerKind + " " + c.owner();
        return "toward " + c.desiredSpot() + " spot / " + c.desiredOnDemand() + " on-demand (" + c.percentage() + " %, min "
                + c.minOnDemandReplicas() + " on-demand): " + c.spot() + " spot / " + c.onDemand() + " on-demand in " + owner;
    }

    private static String pendingAgainstTimeout(Duration pendingFor, Duration scheduleTimeout) {
        String pending = pendingFor == null ? "longer than the schedule timeout" : "for " + Durations.format(round(pendingFor));
        return pending + " (schedule timeout " + Durations.format(scheduleTimeout) + ")";
    }

    private static Duration round(Duration d) {
        return Duration.ofSeconds(d.getSeconds());
    }

    public static String rfc3339(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
