package io.spotwise.decider.replay;

import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.WorkloadSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The what-if: the recorded history of {@code [end - since, end]}, as it was recorded, replayed with the settings in
 * force, and replayed with the changed settings. The difference of the last two is what the change would have done;
 * the first two side by side show how closely the replay follows the cluster.
 */
public final class Replay {

    /** The three runs over one period. */
    public record Result(Instant start, Instant end, int records, String changes, Tally recorded, Tally replayed, Tally whatIf) {
    }

    private Replay() {
    }

    public static Result run(List<Recorded> history, PolicySettings current, Duration tick, ReplayOptions options, Instant end) {
        Instant start = end.minus(options.since());
        Tally replayed = new WhatIf(current, null, null, tick).run(history, start, end);
        Tally whatIf = new WhatIf(options.apply(current), options.percentage(), options.minOnDemandReplicas(), options.tick(tick))
                .run(history, start, end);
        return new Result(start, end, history.size(), options.describeSets(), recorded(history, current, start, end), replayed, whatIf);
    }

    /** What the topics say happened: the recorded decisions and actions of the period, the recorded split at its end. */
    static Tally recorded(List<Recorded> history, PolicySettings settings, Instant start, Instant end) {
        Tally t = new Tally();
        SpotState state = new SpotState(settings);
        for (Recorded fact : history) {
            if (fact.at().isAfter(end)) {
                break;
            }
            boolean inPeriod = !fact.at().isBefore(start);
            if (fact instanceof Recorded.Workload w) {
                if (w.snapshot() == null) {
                    state.removeWorkload(w.ref());
                } else {
                    state.apply(w.snapshot());
                }
            } else if (fact instanceof Recorded.Pod p) {
                if (p.snapshot() == null) {
                    state.removePod(p.key(), p.at(), p.partition());
                } else {
                    state.apply(p.snapshot(), p.partition());
                }
            } else if (fact instanceof Recorded.Admission a && inPeriod) {
                Tally.Counts c = t.of(a.decision().workload());
                if (a.decision().isSpot()) {
                    c.placedSpot++;
                } else {
                    c.placedOnDemand++;
                }
            } else if (fact instanceof Recorded.Act a && inPeriod) {
                Tally.Counts c = t.of(a.action().workload());
                if (a.action().type() == ActionType.EVICT_POD) {
                    if (a.action().reason() == ActionReason.FALLBACK) {
                        c.fallbackEvictions++;
                    } else {
                        c.rebalanceEvictions++;
                    }
                } else if (a.action().type() == ActionType.DISABLE_SPOT) {
                    c.fallbacks++;
                }
            }
        }
        for (WorkloadSummary s : state.summaries(end)) {
            Tally.Counts c = t.of(s.workload());
            c.spotAtEnd = s.spotPods();
            c.onDemandAtEnd = s.onDemandPods();
        }
        return t;
    }
}
