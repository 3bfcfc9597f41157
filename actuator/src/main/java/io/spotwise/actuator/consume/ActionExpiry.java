package io.spotwise.actuator.consume;

import io.spotwise.contract.Action;
import io.spotwise.contract.FallbackEviction;
import java.time.Duration;
import java.time.Instant;

/**
 * Pure: whether an action has outlived its use. At or after its own {@code expiresAt} (set by the decider), older than
 * {@code maxAge} since its decision (a local cap: lost group offsets or a long outage replaying old decisions against
 * today's cluster), or a fallback eviction whose fallback window has ended (its pod would be recreated on spot again).
 * Such an action is not carried out and gets an EXPIRED outcome.
 */
public record ActionExpiry(Duration maxAge) {

    /** Why the action expired, or null when it may still run. */
    public String expired(Action action, Instant now) {
        if (action instanceof FallbackEviction f && !now.isBefore(f.windowEnd())) {
            return "the fallback window it was decided for ended at " + f.windowEnd();
        }
        Duration age = Duration.between(action.decidedAt(), now);
        if (age.compareTo(maxAge) > 0) {
            return "decided at " + action.decidedAt() + ", " + age.toSeconds() + " s ago: older than the maximum action age " + maxAge;
        }
        if (action.expiredAt(now)) {
            return "decided at " + action.decidedAt() + ", it expired at " + action.expiresAt();
        }
        return null;
    }
}
