package io.spotwise.decider.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InFlightLedgerTest {

    private static final WorkloadRef WEB = WorkloadRef.deployment("shop", "web");
    private final Instant now = Instant.now();
    private final InFlightLedger ledger = new InFlightLedger(Duration.ofMinutes(5));

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
        ledger.seen(disable("a-1"));
        ledger.answered(outcome("a-1", OutcomeResult.STARTED));
        assertThat(ledger.duplicates(disable("a-2"), now)).as("a second DISABLE_SPOT while the first one is being carried out").isTrue();
        ledger.answered(outcome("a-1", OutcomeResult.PATCHED));
        assertThat(ledger.duplicates(disable("a-2"), now)).isFalse();
    }
}
