package io.spotwise.actuator.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.actuator.Actions;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.RebalanceEviction;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ActionExpiryTest {

    private final ActionExpiry expiry = new ActionExpiry(Duration.ofMinutes(10));
    private final Instant decided = Instant.parse("2026-06-25T10:13:30Z");

    @Test
    @DisplayName("decided 1 min ago, max age 10 min → may run; 11 min ago → EXPIRED naming the age")
    void maxAge() {
        RebalanceEviction a = Actions.rebalance("shop", "web-1", "uid-1", "w-uid", ActionReason.REBALANCE_EXCESS_SPOT, decided);
        assertThat(expiry.expired(a, decided.plus(Duration.ofMinutes(1)))).isNull();
        assertThat(expiry.expired(a, decided.plus(Duration.ofMinutes(11)))).contains("older than the maximum action age PT10M");
    }

    @Test
    @DisplayName("a fallback eviction at or after the end of its window → EXPIRED, even though it is young")
    void fallbackWindowEnded() {
        FallbackEviction f = Actions.fallbackEviction("shop", "web-1", "uid-1", "w-uid", decided);
        assertThat(expiry.expired(f, decided)).isNull();
        assertThat(expiry.expired(f, f.windowEnd())).contains("fallback window it was decided for ended at " + f.windowEnd());
    }

    @Test
    @DisplayName("an action at or after its own expiresAt → EXPIRED")
    void ownExpiry() {
        RebalanceEviction a = Actions.rebalance("shop", "web-1", "uid-1", "w-uid", ActionReason.REBALANCE_EXCESS_SPOT, decided);
        ActionExpiry lenient = new ActionExpiry(Duration.ofDays(365));
        assertThat(lenient.expired(a, a.expiresAt().minusMillis(1))).isNull();
        assertThat(lenient.expired(a, a.expiresAt())).isNotNull();
    }
}
