package io.spotwise.bench;

import java.time.Duration;
import java.util.Map;

/**
 * What one phase of one run measured.
 *
 * @param wall           start of the phase (creation, outage, restore) → every workload at its target, or the phase
 *                       timeout when {@code reached} is false
 * @param atTarget       workloads at their target when the phase ended
 * @param moves          pods that had to move: per workload |spot pods at the start − spot target|, summed
 * @param evictions      successful evictions in the API server's request log during the phase
 * @param wasted         per workload, evictions beyond its moves, summed
 * @param latencyP50     decision → effect: the action's {@code decidedAt} → its eviction in the request log (null: none)
 * @param windowWait     recovery only: restore → the last fallback window's end (spot placement off until then)
 * @param projected      recovery not reached in time: elapsed + moves left / the rebalancing rate measured (else null)
 * @param sinceFirstDecision the first action Spotwise decided in the phase → the phase's end (null: no action); for
 *                       the fallback, the time it took once the schedule timeout had passed
 */
record PhaseResult(Phase phase, boolean reached, Duration wall, int atTarget, int moves, Evictions.Count evictions,
        Duration latencyP50, Duration latencyP99, int latencySamples, int peakPending, Map<String, Double> cpuSeconds,
        double loadAverage, Duration windowWait, Duration projected, Duration sinceFirstDecision) {

    /** The phases, in the order they run. */
    enum Phase {
        CONVERGE("converge", "create the workloads → every one at its split"),
        FALLBACK("fallback", "spot outage → every pod on-demand, none Pending"),
        RECOVERY("recovery", "spot restored → every workload back at its split");

        final String id;
        final String meaning;

        Phase(String id, String meaning) {
            this.id = id;
            this.meaning = meaning;
        }
    }

    /** Wall time as the comparison uses it: measured, or projected when the phase was cut at its timeout. */
    Duration comparable() {
        return reached ? wall : projected;
    }
}
