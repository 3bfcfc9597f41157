package io.spotwise.decider.policy.state;

import io.spotwise.contract.WorkloadKind;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.decider.policy.config.EffectiveConfig;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.config.Split;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The read side of {@link SpotState}: what the metrics, the webhook and the tests look at. */
abstract class SpotStateView {

    private final PolicySettings settings;

    SpotStateView(PolicySettings settings) {
        this.settings = settings;
    }

    abstract SpotState state();

    public PolicySettings settings() {
        return settings;
    }

    /** Known (a snapshot was seen) and opted in. */
    public boolean isEnabled(WorkloadRef workload) {
        WorkloadState ws = state().workloads().get(workload);
        return ws != null && ws.managed();
    }

    /** The effective config of a known workload, null when unknown. */
    public EffectiveConfig config(WorkloadRef workload) {
        WorkloadState ws = state().workloads().get(workload);
        return ws == null ? null : ws.config();
    }

    /** In the fallback window: from the annotation, or from a DISABLE_SPOT we emitted whose patch is not seen yet. */
    public boolean isDisabled(WorkloadRef workload, Instant now) {
        WorkloadState ws = state().workloads().get(workload);
        return ws != null && ws.disabledAt(now);
    }

    /** Per opted-in workload, sorted by workload key. */
    public List<WorkloadSummary> summaries(Instant now) {
        List<WorkloadSummary> out = new ArrayList<>();
        for (WorkloadState ws : state().sortedWorkloads()) {
            if (!ws.managed()) {
                continue;
            }
            int spot = 0;
            int onDemand = 0;
            int excessSpot = 0;
            int excessOnDemand = 0;
            for (OwnerSet set : ws.owners()) {
                spot += set.spot();
                onDemand += set.onDemand();
                Split.Excess e = Split.excess(set.spot(), set.onDemand(), ws.config().percentage(), ws.config().minOnDemandReplicas());
                excessSpot += e.spot();
                excessOnDemand += e.onDemand();
            }
            out.add(new WorkloadSummary(ws.ref(), spot, onDemand, excessSpot, excessOnDemand, ws.disabledAt(now)));
        }
        return out;
    }

    /** Opted-in workloads per kind, 0 included. */
    public Map<WorkloadKind, Integer> workloadsByKind() {
        Map<WorkloadKind, Integer> out = zeroes();
        state().workloads().values().stream().filter(WorkloadState::managed).forEach(ws -> out.merge(ws.ref().kind(), 1, Integer::sum));
        return out;
    }

    /** Opted-in workloads in their fallback window per kind, 0 included. */
    public Map<WorkloadKind, Integer> activeFallbacksByKind(Instant now) {
        Map<WorkloadKind, Integer> out = zeroes();
        state().workloads().values().stream().filter(ws -> ws.managed() && ws.disabledAt(now))
                .forEach(ws -> out.merge(ws.ref().kind(), 1, Integer::sum));
        return out;
    }

    /** Opted-in workloads whose rebalancing a rollout holds back (or, ROLLOUT_STUCK, held), by reason, 0 included. */
    public Map<String, Integer> rebalancingPausedByReason() {
        Map<String, Integer> out = new TreeMap<>();
        for (RebalancePause p : RebalancePause.values()) {
            out.put(p.label(), 0);
        }
        state().workloads().values().stream().filter(ws -> ws.managed() && ws.pause() != null)
                .forEach(ws -> out.merge(ws.pause().label(), 1, Integer::sum));
        return out;
    }

    /** Why the workload's rebalancing is held back (the metric label, e.g. {@code rollout-paused}), null when it is not. */
    public String rebalancePause(WorkloadRef workload) {
        WorkloadState ws = state().workloads().get(workload);
        return ws == null || !ws.managed() || ws.pause() == null ? null : ws.pause().label();
    }

    /** The workload's UID as last seen, null when unknown. */
    public String workloadUid(WorkloadRef workload) {
        WorkloadState ws = state().workloads().get(workload);
        return ws == null ? null : ws.uid();
    }

    private static Map<WorkloadKind, Integer> zeroes() {
        Map<WorkloadKind, Integer> out = new EnumMap<>(WorkloadKind.class);
        for (WorkloadKind k : WorkloadKind.values()) {
            out.put(k, 0);
        }
        return out;
    }

    /** Pods indexed (every pod that belongs to a Deployment / StatefulSet, opted in or not). */
    public int podCount() {
        return state().podCountInternal();
    }

    /** Spot pods of a workload (tracked, not being deleted). */
    public int spotPods(WorkloadRef workload) {
        WorkloadState ws = state().workloads().get(workload);
        return ws == null ? 0 : ws.owners().stream().mapToInt(OwnerSet::spot).sum();
    }

    /** On-demand pods of a workload (tracked, not being deleted). */
    public int onDemandPods(WorkloadRef workload) {
        WorkloadState ws = state().workloads().get(workload);
        return ws == null ? 0 : ws.owners().stream().mapToInt(OwnerSet::onDemand).sum();
    }

    /** In-flight admissions of a workload not yet expired at {@code now}. */
    public int inFlightAdmissions(WorkloadRef workload, Instant now) {
        WorkloadState ws = state().workloads().get(workload);
        if (ws == null) {
            return 0;
        }
        int n = 0;
        for (OwnerSet set : ws.owners()) {
            set.expireAdmissions(now.toEpochMilli());
            n += set.admissions();
        }
        return n;
    }

    /** Pod evictions emitted and not yet answered by an outcome (nor expired, nor ended by the pod's tombstone). */
    public int evictionsInFlight() {
        return state().inFlight().evictions();
    }

    /** Actions emitted and not yet answered by an outcome (nor expired). */
    public int actionsInFlight() {
        return state().inFlight().size();
    }
}
