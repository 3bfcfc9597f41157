package io.spotwise.decider.policy;

import io.spotwise.common.contract.SplitCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reference §5 and §5.3: spot pods Pending longer than scheduleTimeout (by default only those not bound to a node)
 * → DISABLE_SPOT for the workload (unless already disabled or a disable is on its way) then one EVICT_POD per pod,
 * only if still Pending. When the window is over and the annotation is still there → ENABLE_SPOT, once.
 * Also reports an unusable spot-config once per distinct value.
 */
final class FallbackPolicy {

    private FallbackPolicy() {
    }

    static void run(SpotState state, WorkloadState ws, ActionFactory actions) {
        reportConfig(ws, actions);
        boolean disabled = fallback(state, ws, actions);
        if (!disabled) {
            reenable(ws, actions);
        }
    }

    private static void reportConfig(WorkloadState ws, ActionFactory actions) {
        EffectiveConfig config = ws.config;
        String raw = ws.spotConfigRaw == null ? "" : ws.spotConfigRaw;
        if (!config.valid() && !raw.equals(ws.reportedBadConfig)) {
            ws.reportedBadConfig = raw;
            actions.reportConfig(ws, String.join("; ", config.problems()));
        }
    }

    /** Returns true when a DISABLE_SPOT was emitted. */
    private static boolean fallback(SpotState state, WorkloadState ws, ActionFactory actions) {
        Instant now = actions.now();
        long at = now.toEpochMilli();
        long deadline = at - state.settings.scheduleTimeout().toMillis();
        List<PodEntry> timedOut = new ArrayList<>();
        for (OwnerSet set : ws.owners.values()) {
            if (set.pending == 0) {
                continue;
            }
            for (PodEntry pod = set.head; pod != null; pod = pod.next) {
                if (timedOut(state, pod, deadline, at)) {
                    timedOut.add(pod);
                }
            }
        }
        if (timedOut.isEmpty()) {
            return false;
        }
        timedOut.sort(Comparator.comparing((PodEntry p) -> p.name));
        boolean disabledNow = false;
        if (!ws.disabledAt(now)) {
            PodEntry trigger = timedOut.get(0);
            actions.disable(ws, now.plus(state.settings.fallbackDuration()), workloadCounts(ws), trigger,
                    Duration.ofMillis(at - trigger.createdAt()));
            disabledNow = true;
        }
        for (PodEntry pod : timedOut) {
            actions.fallback(pod, pod.owner.counts(ws.config), Duration.ofMillis(at - pod.createdAt()));
        }
        return disabledNow;
    }

    private static boolean timedOut(SpotState state, PodEntry pod, long deadline, long at) {
        if (!pod.is(PodEntry.SPOT) || !pod.is(PodEntry.PENDING) || !pod.counted()
                || pod.is(PodEntry.EVICTING) || pod.is(PodEntry.EVICTED)) {
            return false;
        }
        if (state.settings.fallbackOnlyUnbound() && !pod.is(PodEntry.UNBOUND)) {
            return false;
        }
        Long retryAt = state.podRetryAt.get(pod);
        return pod.createdAt() <= deadline && (retryAt == null || retryAt <= at);
    }

    private static void reenable(WorkloadState ws, ActionFactory actions) {
        Instant now = actions.now();
        Instant until = ws.config.disabledUntil();
        if (until == null || ws.disabledUntilRaw == null || ws.disabledAt(now)
                || ws.enableIssuedFor != null || now.toEpochMilli() < ws.enableRetryAt) {
            return;
        }
        actions.enable(ws);
    }

    static SplitCounts workloadCounts(WorkloadState ws) {
        int spot = 0;
        int onDemand = 0;
        for (OwnerSet set : ws.owners.values()) {
            spot += set.spot;
            onDemand += set.onDemand;
        }
        return Split.counts(null, spot, onDemand, ws.config);
    }
}
