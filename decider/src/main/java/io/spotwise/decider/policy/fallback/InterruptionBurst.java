package io.spotwise.decider.policy.fallback;

import io.spotwise.decider.policy.state.OwnerSet;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.WorkloadState;
import java.time.Duration;
import java.util.List;

/**
 * A burst of interruptions across the spot pool: at least interruptionFallbackShare % of the bound spot pods of
 * opted-in workloads run on nodes being disrupted. While one is on (and for one scheduleTimeout after it was last
 * seen, so the replacements of pods already gone are still covered) spot pods fall back after the shorter
 * interruptionScheduleTimeout: spot capacity is going away, waiting the whole timeout only keeps pods Pending. Off
 * when the share is 0 (the default): an early fallback means more evictions when spot comes back.
 */
public final class InterruptionBurst {

    private InterruptionBurst() {
    }

    /** Updates the state's burst mark for this tick. */
    public static void observe(SpotState state, List<WorkloadState> managed, long at) {
        int share = state.settings().interruptionFallbackShare();
        if (share <= 0) {
            return;
        }
        int bound = 0;
        int leaving = 0;
        for (WorkloadState ws : managed) {
            for (OwnerSet set : ws.owners()) {
                bound += set.spotBound();
                leaving += set.spotLeaving();
            }
        }
        if (leaving > 0 && (long) leaving * 100 >= (long) share * bound) {
            String detail = "early: an interruption burst, " + leaving + " of " + bound
                    + " bound spot pods of opted-in workloads are on nodes being disrupted (threshold " + share + " %)";
            state.marks().interruptionBurst(at + state.settings().scheduleTimeout().toMillis(), detail);
        }
    }

    /** The Pending timeout that applies now. */
    public static Duration scheduleTimeout(SpotState state, long at) {
        Duration normal = state.settings().scheduleTimeout();
        if (!on(state, at)) {
            return normal;
        }
        Duration shorter = state.settings().interruptionScheduleTimeout();
        return shorter.compareTo(normal) < 0 ? shorter : normal;
    }

    public static boolean on(SpotState state, long at) {
        return state.settings().interruptionFallbackShare() > 0 && at < state.marks().burstUntil();
    }
}
