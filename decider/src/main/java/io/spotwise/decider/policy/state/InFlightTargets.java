package io.spotwise.decider.policy.state;

import io.spotwise.contract.Action;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.contract.WriteStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The actions read back from {@code spotwise.actions} (ours, or a previous leader's before a restart or failover) that
 * have no terminal outcome yet, by target. A decided action that repeats one of them (same type and target) is not
 * emitted again, so a restarted or newly elected decider never repeats an eviction the actuator is still working on.
 * Entries end with their outcome or after {@code expiry}. Part of {@link InFlightActions}; on the state's context.
 */
final class InFlightTargets {

    private final Duration expiry;
    private final Map<String, Entry> byTarget = new HashMap<>();
    private final Map<String, String> targetById = new HashMap<>();

    private record Entry(String id, Instant decidedAt) {
    }

    InFlightTargets(Duration expiry) {
        this.expiry = expiry;
    }

    /** An action read back from the topic. */
    void seen(Action action, Instant now) {
        expire(now);
        String target = target(action);
        Entry previous = byTarget.put(target, new Entry(action.id(), action.decidedAt()));
        if (previous != null) {
            targetById.remove(previous.id());
        }
        targetById.put(action.id(), target);
    }

    /**
     * An outcome read from the topic: its action is no longer in flight. Not the actuator's write-ahead STARTED mark
     * (every effect kind has one): that action is still being carried out.
     */
    void answered(Outcome outcome) {
        if (!outcome.result().terminal()) {
            return;
        }
        String target = targetById.remove(outcome.actionId());
        if (target != null) {
            Entry e = byTarget.get(target);
            if (e != null && e.id().equals(outcome.actionId())) {
                byTarget.remove(target);
            }
        }
    }

    /** True when an action with the same target, but another id, is still in flight. */
    boolean repeats(Action action, Instant now) {
        expire(now);
        Entry e = byTarget.get(target(action));
        return e != null && !e.id().equals(action.id());
    }

    int size() {
        return byTarget.size();
    }

    private void expire(Instant now) {
        Instant oldest = now.minus(expiry);
        for (Iterator<Map.Entry<String, Entry>> it = byTarget.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Entry> e = it.next();
            if (e.getValue().decidedAt().isBefore(oldest)) {
                targetById.remove(e.getValue().id());
                it.remove();
            }
        }
    }

    private static String target(Action a) {
        if (a instanceof PodEviction e) {
            return "EVICT_POD/" + e.pod().key() + "/" + e.pod().uid();
        }
        if (a instanceof WriteStatus) { // each carries the newest status: never held back by an older one
            return a.type() + "/" + a.workload().key() + "/" + a.id();
        }
        if (a instanceof ReportConfigInvalid r) {
            return "REPORT_CONFIG_INVALID/" + a.workload().key() + "/" + r.detail();
        }
        if (a instanceof SetDeletionCost c) { // per pod and value: the rank of another pod, or a newer one, is no repeat
            return "SET_DELETION_COST/" + c.pod().key() + "/" + c.pod().uid() + "/" + c.cost();
        }
        if (a instanceof ReportRebalancePaused p) { // once per reason, as the state reports it
            return "REPORT_REBALANCE_PAUSED/" + a.workload().key() + "/" + p.pause();
        }
        return a.type() + "/" + a.workload().key();
    }
}
