package io.spotwise.actuator.guard;

import io.spotwise.contract.Action;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.PodEviction;

/**
 * Pure safety predicates, re-run against the live object just before a mutating call (the descheduler's layering: the
 * guard decides, the evictor only executes). A redelivered action meets an object that already changed, and the guard
 * turns it into a no-op outcome instead of a second effect.
 */
public final class EvictionGuard {

    private EvictionGuard() {
    }

    /** May the pod of an EVICT_POD action be evicted now? {@code live} is null when the pod does not exist. */
    public static Verdict checkPod(PodEviction action, LiveObject live) {
        if (live == null) {
            return Verdict.gone(action.pod() + " no longer exists");
        }
        String expectedUid = action.pod().uid(); // never null: the contract requires it
        if (!expectedUid.equals(live.uid())) {
            return Verdict.failed(action.pod() + " is a different pod now (UID " + live.uid() + ", action was for " + expectedUid + ")");
        }
        if (live.terminating()) {
            return Verdict.failed(action.pod() + " is already terminating");
        }
        if (action instanceof FallbackEviction && !"Pending".equals(live.phase())) {
            return Verdict.failed(action.pod() + " is no longer Pending (phase " + live.phase() + ")");
        }
        return Verdict.PROCEED;
    }

    /** May the workload of a DISABLE_SPOT / ENABLE_SPOT action be patched now? {@code live} is null when it is gone. */
    public static Verdict checkWorkload(Action action, LiveObject live) {
        if (live == null) {
            return Verdict.gone(action.workload() + " no longer exists");
        }
        String expectedUid = action.workloadUid(); // never null: the contract requires it
        if (!expectedUid.equals(live.uid())) {
            return Verdict.failed(action.workload() + " was recreated (UID " + live.uid() + ", action was for " + expectedUid + ")");
        }
        if (live.terminating()) {
            return Verdict.failed(action.workload() + " is being deleted");
        }
        return Verdict.PROCEED;
    }
}
