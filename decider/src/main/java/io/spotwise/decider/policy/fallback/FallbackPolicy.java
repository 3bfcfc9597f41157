package io.spotwise.decider.policy.fallback;

import io.spotwise.decider.policy.config.EffectiveConfig;
import io.spotwise.decider.policy.state.ActionFactory;
import io.spotwise.decider.policy.state.OwnerSet;
import io.spotwise.decider.policy.state.PodEntry;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.WorkloadState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reference §5 and §5.3: spot pods Pending longer than scheduleTimeout (by default only those not bound to a node, or
 * bound to a NotReady / disrupted node; any bound one after boundPendingTimeout) → DISABLE_SPOT for the workload
 * (unless already disabled or a disable is on its way); the EVICT_PODs (only if still Pending) follow once the disable
 * has taken effect: its PATCHED outcome, or the annotation seen on the workload. When the window is over, the
 * annotation is still there and no fallback eviction is in flight → ENABLE_SPOT, once; a window that ended long ago
 * (staleWindowAge, e.g. left by Datadog's scheduler) is left alone. Also reports an unusable spot-config once per value.
 * The window's length is adaptive ({@link FallbackWindow}); during an interruption burst ({@link InterruptionBurst})
 * the shorter interruptionScheduleTimeout applies.
 */
public final class FallbackPolicy {

    private FallbackPolicy() {
    }

    public static void run(SpotState state, WorkloadState ws, ActionFactory actions) {
        reportConfig(ws, actions);
        boolean disabled = fallback(state, ws, actions);
        if (!disabled) {
            reenable(ws, actions);
        }
    }

    private static void reportConfig(WorkloadState ws, ActionFactory actions) {
        EffectiveConfig config = ws.config();
        if (!config.valid() && ws.badConfigToReport(ws.spotConfigRaw() == null ? "" : ws.spotConfigRaw())) {
            actions.reportConfig(ws, String.join("; ", config.problems()));
        }
    }

    /** Returns true when a DISABLE_SPOT was emitted. */
    private static boolean fallback(SpotState state, WorkloadState ws, ActionFactory actions) {
        Instant now = actions.now();
        long at = now.toEpochMilli();
        Duration timeout = InterruptionBurst.scheduleTimeout(state, at);
        long deadline = at - timeout.toMillis();
        List<PodEntry> timedOut = new ArrayList<>();
        for (OwnerSet set : ws.owners()) {
            if (set.pending() == 0) {
                continue;
            }
            for (PodEntry pod = set.first(); pod != null; pod = pod.next()) {
                if (timedOut(state, pod, deadline, at)) {
                    timedOut.add(pod);
                }
            }
        }
        if (timedOut.isEmpty()) {
            return false;
        }
        timedOut.sort(Comparator.comparing((PodEntry p) -> p.name()));
        if (!ws.fallbackWindowAt(now)) {
            PodEntry trigger = timedOut.get(0);
            FallbackWindow window = FallbackWindow.next(state.settings(), ws, now);
            boolean early = timeout.compareTo(state.settings().scheduleTimeout()) < 0;
            String reason = early ? join(state.marks().burstDetail(), window.reason()) : window.reason();
            actions.disable(ws, now.plus(window.length()), ws.counts(), trigger,
                    Duration.ofMillis(at - trigger.createdAt()), timeout, reason);
            return true;
        }
        if (!ws.disableInEffect(now)) {
            return false; // our DISABLE_SPOT has no PATCHED outcome yet: replacements would land on spot again
        }
        for (PodEntry pod : timedOut) {
            actions.fallback(pod, pod.owner().counts(ws.config()), Duration.ofMillis(at - pod.createdAt()), timeout);
        }
        return false;
    }

    private static String join(String first, String second) {
        return second == null ? first : first == null ? second : first + "; " + second;
    }

    private static boolean timedOut(SpotState state, PodEntry pod, long deadline, long at) {
        if (!pod.is(PodEntry.SPOT) || !pod.is(PodEntry.PENDING) || !pod.counted()
                || pod.is(PodEntry.EVICTING) || pod.is(PodEntry.EVICTED)) {
            return false;
        }
        if (state.retryHeld(pod, at)) {
            return false;
        }
        long since = state.pendingSince(pod, at); // after a restart, a record read at start is trusted one timeout later
        if (!state.settings().fallbackOnlyUnbound() || pod.is(PodEntry.UNBOUND) || pod.is(PodEntry.NODE_DISRUPTED)) {
            return since <= deadline;
        }
        // Bound to a node that looks healthy: image pulls are not missing capacity, but a node that accepted the pod
        // and never runs it is (reference: any Pending pod counts; we wait longer for bound ones).
        return since <= at - state.settings().boundPendingTimeout().toMillis();
    }

    private static void reenable(WorkloadState ws, ActionFactory actions) {
        Instant now = actions.now();
        Instant until = ws.config().disabledUntil();
        if (until == null || ws.disabledUntilRaw() == null || ws.disabledAt(now) || ws.fallbackEvictionsInFlight() > 0
                || ws.enableIssued() || now.toEpochMilli() < ws.enableRetryAt() || ws.staleWindow()) {
            return;
        }
        actions.enable(ws);
    }
}
