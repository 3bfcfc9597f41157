package io.spotwise.decider.policy.state;

import io.spotwise.decider.policy.config.EffectiveConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * The marks our own actions left on a workload, decided here or read back from spotwise.actions: the fallback window
 * asked for, reports already made, evictions in flight, the rollout clock and the adaptive-fallback window series.
 * Each is changed by one named step; policies read them.
 */
abstract class WorkloadMarks {

    /** End of a fallback window we decided and whose annotation we have not seen yet (epoch millis); webhook threads read it. */
    private volatile long requestedDisabledUntil = Long.MIN_VALUE;
    /** The bad spot-config value last reported (SpotConfigInvalid is emitted once per distinct value). */
    private String reportedBadConfig;
    /** The spot-disabled-until value an ENABLE_SPOT was emitted for. */
    private String enableIssuedFor;
    private long enableRetryAt = Long.MIN_VALUE;
    /** End of a dry-run fallback window (epoch millis): fallback and rebalancing act as if disabled, placement not. */
    private long dryRunWindowUntil = Long.MIN_VALUE;
    /** The window of our DISABLE_SPOT whose PATCHED outcome arrived (epoch millis); fallback evictions may follow. */
    private long disablePatchedUntil = Long.MIN_VALUE;
    private int evictionsInFlight;
    /** Of which fallback evictions: no ENABLE_SPOT while any is queued or running. */
    private int fallbackEvictionsInFlight;
    /** First tick that saw more than one live revision (epoch millis), MIN when one. */
    private long rolloutSince = Long.MIN_VALUE;
    /** What holds rebalancing back this tick, null when nothing does. */
    private RebalancePause pause;
    /** The pause last reported (SpotRebalancingPaused once per episode and reason). */
    private RebalancePause reportedPause;
    /** Adaptive fallback: length (millis) and end (epoch millis) of the last fallback window; MIN when none. */
    private long lastWindowMillis = Long.MIN_VALUE;
    private long lastWindowEnd = Long.MIN_VALUE;
    /** The window before the last, restored when the last one was never written. */
    private long previousWindowMillis = Long.MIN_VALUE;
    private long previousWindowEnd = Long.MIN_VALUE;

    /** Forget what opting in gave us: admissions, pending marks, reports (opt-out or tombstone; pods stay). */
    void clearTransient() {
        requestedDisabledUntil = Long.MIN_VALUE;
        disablePatchedUntil = Long.MIN_VALUE;
        dryRunWindowUntil = Long.MIN_VALUE;
        reportedBadConfig = null;
        pause = null;
        reportedPause = null;
        rolloutSince = Long.MIN_VALUE;
        enableIssuedFor = null;
        enableRetryAt = Long.MIN_VALUE;
    }

    /** A snapshot of the opted-in workload: the window annotation or config it shows ends the matching marks. */
    void annotationSeen(EffectiveConfig config, String disabledUntilRaw) {
        Instant annotated = config.disabledUntil();
        if (annotated != null && annotated.toEpochMilli() >= requestedDisabledUntil) {
            requestedDisabledUntil = Long.MIN_VALUE;
        }
        if (enableIssuedFor != null && !enableIssuedFor.equals(disabledUntilRaw)) {
            enableIssuedFor = null;
        }
        if (config.valid()) {
            reportedBadConfig = null;
        }
    }

    // ---- fallback window (DISABLE_SPOT) ----

    /** A DISABLE_SPOT decided here: a real one sends new pods on-demand at once, a dry-run one never does. */
    void disableDecided(Instant decidedAt, Instant until, boolean dryRun) {
        windowDecided(decidedAt, until);
        if (dryRun) {
            dryRunWindowUntil = until.toEpochMilli();
        } else {
            requestedDisabledUntil = until.toEpochMilli();
        }
    }

    /** A DISABLE_SPOT read back from spotwise.actions, still in flight. */
    void disableReadBack(Instant until) {
        requestedDisabledUntil = Math.max(requestedDisabledUntil, until.toEpochMilli());
    }

    /** A window was decided (here or by a previous leader): the next one is measured against it. */
    void windowDecided(Instant decidedAt, Instant until) {
        long end = until.toEpochMilli();
        if (end <= lastWindowEnd) {
            return;
        }
        previousWindowMillis = lastWindowMillis;
        previousWindowEnd = lastWindowEnd;
        lastWindowMillis = end - decidedAt.toEpochMilli();
        lastWindowEnd = end;
    }

    /** Our DISABLE_SPOT was never written: no window, and the series is as before it. */
    void disableUnwritten() {
        requestedDisabledUntil = Long.MIN_VALUE;
        lastWindowMillis = previousWindowMillis;
        lastWindowEnd = previousWindowEnd;
    }

    void disableFailed() {
        requestedDisabledUntil = Long.MIN_VALUE;
        dryRunWindowUntil = Long.MIN_VALUE;
    }

    /** PATCHED (the real window) or DRY_RUN (the would-be window "took effect": would-be evictions may follow). */
    void disablePatched(boolean dryRun) {
        disablePatchedUntil = Math.max(disablePatchedUntil, dryRun ? dryRunWindowUntil : requestedDisabledUntil);
    }

    public long requestedDisabledUntil() {
        return requestedDisabledUntil;
    }

    public long dryRunWindowUntil() {
        return dryRunWindowUntil;
    }

    long disablePatchedUntil() {
        return disablePatchedUntil;
    }

    /** Length (millis) of the last fallback window decided; MIN when none. */
    public long lastWindowMillis() {
        return lastWindowMillis;
    }

    /** End (epoch millis) of the last fallback window decided; MIN when none. */
    public long lastWindowEnd() {
        return lastWindowEnd;
    }

    // ---- re-enable (ENABLE_SPOT) ----

    /** An ENABLE_SPOT was emitted (or read back) for the annotation value it names. */
    void enableIssued(String forValue) {
        enableIssuedFor = forValue;
    }

    /** Our ENABLE_SPOT was never written, or expired without an outcome: the next tick may decide it again. */
    void enableForgotten() {
        enableIssuedFor = null;
    }

    void enableFailed(long retryAt) {
        enableIssuedFor = null;
        enableRetryAt = retryAt;
    }

    /** An ENABLE_SPOT for the current annotation is on its way. */
    public boolean enableIssued() {
        return enableIssuedFor != null;
    }

    public long enableRetryAt() {
        return enableRetryAt;
    }

    // ---- reports ----

    /** True, once per distinct value, when this bad spot-config value is to be reported. */
    public boolean badConfigToReport(String raw) {
        if (raw.equals(reportedBadConfig)) {
            return false;
        }
        reportedBadConfig = raw;
        return true;
    }

    void badConfigReported(String raw) {
        reportedBadConfig = raw;
    }

    /** This tick's pause; true when it is to be reported (once per episode and reason). */
    public boolean pauseThisTick(RebalancePause now) {
        pause = now;
        if (now == null) {
            reportedPause = null;
            return false;
        }
        if (now.reported() && !Objects.equals(now, reportedPause)) {
            reportedPause = now;
            return true;
        }
        return false;
    }

    void pauseReported(RebalancePause reported) {
        reportedPause = reported;
    }

    /** What holds rebalancing back this tick, null when nothing does. */
    public RebalancePause pause() {
        return pause;
    }

    /** Marks the first tick that saw more than one live revision; returns when that was (epoch millis). */
    public long rollingOutSince(long at) {
        if (rolloutSince == Long.MIN_VALUE) {
            rolloutSince = at;
        }
        return rolloutSince;
    }

    public void rolloutOver() {
        rolloutSince = Long.MIN_VALUE;
    }

    // ---- evictions in flight (SpotState keeps the invariant) ----

    void evictionStarted(boolean fallback) {
        evictionsInFlight++;
        if (fallback) {
            fallbackEvictionsInFlight++;
        }
    }

    void evictionEnded(boolean fallback) {
        evictionsInFlight--;
        if (fallback) {
            fallbackEvictionsInFlight--;
        }
    }

    public int evictionsInFlight() {
        return evictionsInFlight;
    }

    public int fallbackEvictionsInFlight() {
        return fallbackEvictionsInFlight;
    }
}
