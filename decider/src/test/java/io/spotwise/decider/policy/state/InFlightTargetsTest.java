package io.spotwise.decider.policy.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InFlightTargetsTest {

    private static final WorkloadRef WEB = WorkloadRef.deployment("shop", "web");
    private final Instant now = Instant.now();
    private final InFlightTargets ledger = new InFlightTargets(Duration.ofMinutes(5));

    private DisableSpot disable(String id) {
        return new DisableSpot(id, WEB, "uid-web", ActionReason.FALLBACK, now, 0, now.plusSeconds(300), now.plusSeconds(120), null, null,
                Duration.ofMinutes(1), new SplitCounts(null, 1, 0, 1, 0, 100, 0));
    }

    private Outcome outcome(String id, OutcomeResult result) {
        return new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, id, ActionType.DISABLE_SPOT, ActionReason.FALLBACK, WEB, null, result,
                "", null, now);
    }

    @Test
    @DisplayName("the actuator's write-ahead STARTED mark does not take an action out of flight; its terminal outcome does")
    void startedIsStillInFlight() {
        ledger.seen(disable("a-1"), now);
        ledger.answered(outcome("a-1", OutcomeResult.STARTED));
        assertThat(ledger.repeats(disable("a-2"), now)).as("a second DISABLE_SPOT while the first one is being carried out").isTrue();
        ledger.answered(outcome("a-1", OutcomeResult.PATCHED));
        assertThat(ledger.repeats(disable("a-2"), now)).isFalse();
    }

    private SetDeletionCost cost(String id, String pod, int cost) {
        return new SetDeletionCost(id, WEB, "uid-web", ActionReason.DELETION_COST, now, 0, now.plusSeconds(300),
                new PodRef("shop", pod, "uid-" + pod), "web-5d8f7", cost, false);
    }

    @Test
    @DisplayName("a pod-deletion-cost for one pod is not held back by one for another pod of the same workload still in flight")
    void deletionCostsOfTwoPods() {
        ledger.seen(cost("c-1", "web-5d8f7-a", 9_999), now);
        assertThat(ledger.repeats(cost("c-2", "web-5d8f7-b", 9_998), now)).as("another pod").isFalse();
        assertThat(ledger.repeats(cost("c-3", "web-5d8f7-a", 9_997), now)).as("the same pod, a newer rank").isFalse();
        assertThat(ledger.repeats(cost("c-4", "web-5d8f7-a", 9_999), now)).as("the same write").isTrue();
    }

    private ReportRebalancePaused paused(String id, String pause) {
        return new ReportRebalancePaused(id, WEB, "uid-web", ActionReason.REBALANCE_PAUSED, now, 0, now.plusSeconds(300), pause,
                "rebalancing waits");
    }

    @Test
    @DisplayName("a rebalancing pause for another reason is reported while the report of the previous one is in flight")
    void pauseOfAnotherReason() {
        ledger.seen(paused("p-1", "ROLLOUT_PAUSED"), now);
        assertThat(ledger.repeats(paused("p-2", "ROLLOUT_STUCK"), now)).as("another reason").isFalse();
        assertThat(ledger.repeats(paused("p-3", "ROLLOUT_PAUSED"), now)).as("the same report").isTrue();
    }
}
