package io.spotwise.actuator;

import io.spotwise.actuator.guard.ActionTrust;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.DisableSpot;
import io.spotwise.actuator.events.EventMessages;
import io.spotwise.actuator.events.EventRecorder;
import io.spotwise.actuator.events.EventSpec;
import io.spotwise.actuator.events.SpotEventReason;
import io.spotwise.actuator.eviction.PodEvictor;
import io.spotwise.actuator.patch.SpotWindowPatcher;
import io.spotwise.contract.Action;
import io.spotwise.contract.EventRecord;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one action: its effect (eviction, patch or nothing), then its Event, and returns the Outcome to publish.
 * Never fails: whatever goes wrong becomes a FAILED outcome naming the cause, so the consumer can always move on.
 */
public final class ActionExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);

    private final ActionTrust trust;
    private final PodEvictor evictor;
    private final SpotWindowPatcher patcher;
    private final EventRecorder events;
    private final SpotwiseKeys keys;
    private final ActuatorMetrics metrics;
    private final Clock clock;
    private final boolean dryRun;

    public ActionExecutor(ActionTrust trust, PodEvictor evictor, SpotWindowPatcher patcher, EventRecorder events, SpotwiseKeys keys,
                          ActuatorMetrics metrics, Clock clock, boolean dryRun) {
        this.trust = trust;
        this.evictor = evictor;
        this.patcher = patcher;
        this.events = events;
        this.keys = keys;
        this.metrics = metrics;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    /** Carries out the action outside the consumer (no write-ahead mark, always claimed). */
    public Future<Outcome> execute(Action action) {
        return execute(action, ActionRun.UNTRACKED);
    }

    /**
     * Carries out the action. Fails only with {@link ActionCancelled} (taken away before any write); everything else
     * becomes an outcome.
     */
    public Future<Outcome> execute(Action action, ActionRun run) {
        Future<Effect> effect;
        try {
            // before any effect: the guard re-reads the live objects and refuses what Spotwise would never decide
            effect = trust.check(action).compose(refused -> refused != null ? Future.succeededFuture(refused) : effect(action, run));
        } catch (RuntimeException e) {
            effect = Future.failedFuture(e);
        }
        return effect
                .recover(e -> {
                    if (e instanceof ActionCancelled) {
                        return Future.failedFuture(e);
                    }
                    LOG.warn("{}: {} {} failed: {}", action.workload(), action.type(), action.id(), e.toString());
                    return Future.succeededFuture(new Effect(OutcomeResult.FAILED, e.toString(), null));
                })
                .compose(done -> writeEvent(done.event(), action.id()).map(event -> outcome(action, done, event)));
    }

    /** The outcome of an action that outlived its use and was not carried out. */
    public Outcome expired(Action action, String why) {
        return outcome(action, new Effect(OutcomeResult.EXPIRED, why, null), null);
    }

    /** The write-ahead mark published before an eviction is sent. */
    public static Outcome started(Action action, Instant now) {
        return new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, action.id(), action.type(), action.reason(), action.workload(),
                action instanceof PodEviction e ? e.pod() : null, OutcomeResult.STARTED, "eviction about to be sent", null, now);
    }

    private static Future<Void> claimed(ActionRun run, Action action) {
        return run.claim() ? Future.succeededFuture() : Future.failedFuture(new ActionCancelled(action.id() + " taken away"));
    }

    private Future<Effect> effect(Action action, ActionRun run) {
        if (action instanceof PodEviction eviction) {
            return evictor.evict(eviction, run);
        }
        if (action instanceof DisableSpot disable) {
            return claimed(run, action).compose(v -> patcher.disable(disable));
        }
        if (action instanceof EnableSpot enable) {
            return claimed(run, action).compose(v -> patcher.enable(enable));
        }
        if (action instanceof ReportRebalancePaused paused) {
            return claimed(run, action).compose(v -> report(paused, SpotEventReason.SpotRebalancingPaused,
                    EventMessages.rebalancingPaused(paused), paused.detail()));
        }
        ReportConfigInvalid report = (ReportConfigInvalid) action;
        return claimed(run, action).compose(v -> reportConfigInvalid(report));
    }

    /** A report: the Event on the workload, nothing else (REPORTED; DRY_RUN when the whole actuator is dry-run). */
    private Future<Effect> report(Action action, SpotEventReason reason, String message, String detail) {
        return patcher.involvedObject(action).map(object -> object == null
                ? new Effect(OutcomeResult.ALREADY_GONE, action.workload() + " no longer exists", null)
                : new Effect(dryRun ? OutcomeResult.DRY_RUN : OutcomeResult.REPORTED, detail,
                        EventSpec.of(reason, message, object, "Report")));
    }

    private Future<Effect> reportConfigInvalid(ReportConfigInvalid action) {
        return patcher.involvedObject(action).map(object -> {
            if (object == null) {
                return new Effect(OutcomeResult.ALREADY_GONE, action.workload() + " no longer exists", null);
            }
            EventSpec event = EventSpec.of(SpotEventReason.SpotConfigInvalid, EventMessages.configInvalid(action, keys.spotConfig()), object, "Report");
            OutcomeResult result = dryRun ? OutcomeResult.DRY_RUN : OutcomeResult.REPORTED;
            return new Effect(result, action.detail(), event);
        });
    }

    private Future<EventRecord> writeEvent(EventSpec spec, String actionId) {
        return spec == null ? Future.succeededFuture(null) : events.record(spec, actionId);
    }

    private Outcome outcome(Action action, Effect effect, EventRecord event) {
        metrics.action(action, effect.result());
        return new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, action.id(), action.type(), action.reason(), action.workload(),
                action instanceof PodEviction e ? e.pod() : null, effect.result(), effect.detail(), event, clock.instant());
    }
}
