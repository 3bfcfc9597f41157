package io.spotwise.decider.policy.fallback;

import io.spotwise.common.config.Durations;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.state.WorkloadState;
import java.time.Duration;
import java.time.Instant;

/**
 * Adaptive fallback: how long the next fallback window of a workload lasts. A fallback that comes within
 * fallbackResetAfter of the end of the workload's previous window doubles that window's length, up to
 * fallbackMaxDuration; a later one (a clean period) starts again from fallbackDuration. The previous window is what
 * the workload's last DISABLE_SPOT said (decided here or read back from spotwise.actions), so a new leader continues
 * the series. {@code reason} is the Event's explanation, null for a plain window.
 */
public record FallbackWindow(Duration length, String reason) {

    public static FallbackWindow next(PolicySettings settings, WorkloadState ws, Instant now) {
        Duration base = settings.fallbackDuration();
        long max = Math.max(base.toMillis(), settings.fallbackMaxDuration().toMillis());
        long at = now.toEpochMilli();
        if (ws.lastWindowEnd() == Long.MIN_VALUE || ws.lastWindowMillis() <= 0
                || at - ws.lastWindowEnd() >= settings.fallbackResetAfter().toMillis() || max == base.toMillis()) {
            return new FallbackWindow(base, null);
        }
        long length = Math.min(max, Math.max(base.toMillis(), ws.lastWindowMillis() * 2));
        Duration window = Duration.ofMillis(length);
        long since = Math.max(0, at - ws.lastWindowEnd());
        String reason = "window " + Durations.format(window) + " instead of " + Durations.format(base)
                + ": spot fell back again " + Durations.format(Duration.ofSeconds(since / 1000)) + " after the previous "
                + Durations.format(Duration.ofMillis(ws.lastWindowMillis())) + " window ended (within "
                + Durations.format(settings.fallbackResetAfter()) + "); repeated fallbacks double the window up to "
                + Durations.format(Duration.ofMillis(max));
        return new FallbackWindow(window, reason);
    }
}
