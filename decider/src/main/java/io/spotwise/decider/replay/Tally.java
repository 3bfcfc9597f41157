package io.spotwise.decider.replay;

import io.spotwise.contract.WorkloadRef;
import java.util.Map;
import java.util.TreeMap;

/** What one run of the history placed, evicted and ended with, per workload (sorted by key). */
public final class Tally {

    /** The counts of one workload. */
    public static final class Counts {
        public int placedSpot;
        public int placedOnDemand;
        public int rebalanceEvictions;
        public int fallbackEvictions;
        public int fallbacks;
        public int spotAtEnd;
        public int onDemandAtEnd;

        /** Share of the workload's pods on spot at the end, in percent (0 without pods). */
        public int spotShare() {
            int total = spotAtEnd + onDemandAtEnd;
            return total == 0 ? 0 : Math.round(100f * spotAtEnd / total);
        }

        void add(Counts o) {
            placedSpot += o.placedSpot;
            placedOnDemand += o.placedOnDemand;
            rebalanceEvictions += o.rebalanceEvictions;
            fallbackEvictions += o.fallbackEvictions;
            fallbacks += o.fallbacks;
            spotAtEnd += o.spotAtEnd;
            onDemandAtEnd += o.onDemandAtEnd;
        }
    }

    private final Map<String, Counts> byWorkload = new TreeMap<>();

    public Counts of(WorkloadRef workload) {
        return byWorkload.computeIfAbsent(workload.kind() + "/" + workload.namespace() + "/" + workload.name(), k -> new Counts());
    }

    /** Per workload key ({@code Kind/namespace/name}), sorted. */
    public Map<String, Counts> byWorkload() {
        return byWorkload;
    }

    public Counts get(String workloadKey) {
        return byWorkload.getOrDefault(workloadKey, new Counts());
    }

    public Counts total() {
        Counts t = new Counts();
        byWorkload.values().forEach(t::add);
        return t;
    }
}
