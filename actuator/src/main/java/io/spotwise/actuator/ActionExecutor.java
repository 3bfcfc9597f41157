package io.spotwise.actuator;

import io.spotwise.actuator.consume.ActionExpiry;
import io.spotwise.actuator.events.EventMessages;
import io.spotwise.actuator.events.EventRecorder;
import io.spotwise.actuator.events.EventSpec;
import io.spotwise.actuator.events.SpotEventReason;
import io.spotwise.actuator.eviction.PodEvictor;
import io.spotwise.actuator.guard.ActionTrust;
import io.spotwise.actuator.patch.DeletionCostPatcher;
import io.spotwise.actuator.patch.SpotWindowPatcher;
import io.spotwise.actuator.status.StatusWriter;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.Action;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.EventRecord;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WriteStatus;
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
    private final ActionExpiry expiry;
    private final PodEvictor evictor;
    private final SpotWindowPatcher patcher;
    private final DeletionCostPatcher costs;
    private final EventRecorder events;
    private final EarlierAttempt earlier;
    private final SpotwiseKeys keys;
    private final ActuatorMetrics metrics;
    private final Clock clock;
    private final boolean dryRun;
    private StatusWriter statusWriter;

    public ActionExecutor(ActionTrust trust, ActionExpiry expiry, PodEvictor evictor, SpotWindowPatcher patcher, EventRecorder events,
                          SpotwiseKeys keys, ActuatorMetrics metrics, Clock clock, boolean dryRun) {
        this.trust = trust;
        this.expiry = expiry;
        this.evictor = evictor;
        this.patcher = patcher;
        this.events = events;
        this.earlier = new EarlierAttempt(events, evictor, patcher);
        this.costs = patcher.deletionCosts();
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
     * Carries out the action, in this order: an action whose earlier attempt STARTED its effect is finished with what
     * that attempt visibly did ({@link EarlierAttempt}); otherwise expiry, then the trust guard decide whether a new
     * effect may start; then the effect, each kind behind its write-ahead STARTED mark; then its one Event. Fails only
     * with {@link ActionCancelled} (taken away before any write); everything else becomes an outcome.
     */
    public Future<Outcome> execute(Action action, ActionRun run) {
        Future<Effect> effect;
        try {
            effect = finishEarlierAttempt(action, run).compose(done -> done != null ? Future.succeededFuture(done) : newAttempt(action, run));
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
                .compose(done -> (done.written() != null ? Future.succeededFuture(done.written()) : writeEvent(done.event(), action.id()))
                        .map(event -> outcome(action, done, event)));
    }

    /** Null unless an earlier attempt left a STARTED mark and something of its effect is visible (dry runs leave none). */
    private Future<Effect> finishEarlierAttempt(Action action, ActionRun run) {
        if (!run.startedBefore() || dryRun || action.dryRun()) {
            return Future.succeededFuture(null);
        }
        return claimed(run, action).compose(v -> earlier.recognise(action)).map(done -> {
            if (done != null) {
                metrics.recoveredFromStarted();
                LOG.info("{}: {} {} was STARTED by an earlier attempt and is finished as {}: {}", action.workload(), action.type(), action.id(),
                        done.result(), done.detail());
            } else {
                LOG.info("{}: {} {} has a STARTED mark but nothing of its effect is visible: carried out as a new attempt",
                        action.workload(), action.type(), action.id());
            }
            return done;
        });
    }

    /** Expiry, then the guard that re-reads the live objects and refuses what Spotwise would never decide, then the effect. */
    private Future<Effect> newAttempt(Action action, ActionRun run) {
        String expired = expiry.expired(action, clock.instant());
        if (expired != null) {
            LOG.info("{}: not carrying out {} {}: expired, {}", action.workload(), action.type(), action.id(), expired);
            return Future.succeededFuture(new Effect(OutcomeResult.EXPIRED, expired, null));
        }
        return trust.check(action).compose(refused -> refused != null ? Future.succeededFuture(refused) : effect(action, run));
    }

    /** The write-ahead mark published before an action's first write to the cluster (eviction, patch or Event). */
    public static Outcome started(Action action, Instant now) {
        return new Outcome(SpotwiseRecord.CURRENT_SCHEMA_VERSION, action.id(), action.type(), action.reason(), action.workload(),
                action instanceof PodEviction e ? e.pod() : null, OutcomeResult.STARTED, "effect about to be carried out", null, now);
    }

    private static Future<Void> claimed(ActionRun run, Action action) {
        return run.claim() ? Future.succeededFuture() : Future.failedFuture(new ActionCancelled(action.id() + " taken away"));
    }

    /** Claims the action, then commits its STARTED mark (not for dry runs: they change nothing, their Event is idempotent). */
    private Future<Void> claimedAndStarted(ActionRun run, Action action) {
        return claimed(run, action).compose(v -> dryRun || action.dryRun() ? Future.succeededFuture()
                : run.writeAhead(started(action, clock.instant())));
    }

    /** Who carries out WRITE_STATUS (kubectl status annotations); without one such actions fail. */
    public ActionExecutor withStatusWriter(StatusWriter writer) {
        this.statusWriter = writer;
        return this;
    }

    private Future<Effect> effect(Action action, ActionRun run) {
        if (action instanceof WriteStatus status) {
            return statusWriter == null ? Future.succeededFuture(new Effect(OutcomeResult.FAILED, "this actuator writes no status", null))
                    : claimed(run, action).compose(v -> statusWriter.write(status));
        }
        if (action instanceof PodEviction eviction) {
            return evictor.evict(eviction, run);
        }
        if (action instanceof DisableSpot disable) {
            return claimedAndStarted(run, action).compose(v -> patcher.disable(disable));
        }
        if (action instanceof EnableSpot enable) {
            return claimedAndStarted(run, action).compose(v -> patcher.enable(enable));
        }
        if (action instanceof ReportRebalancePaused paused) {
            return claimedAndStarted(run, action).compose(v -> report(paused, SpotEventReason.SpotRebalancingPaused,
                    EventMessages.rebalancingPaused(paused), paused.detail()));
        }
        if (action instanceof SetDeletionCost cost) {
            return claimedAndStarted(run, action).compose(v -> costs.set(cost));
        }
        ReportConfigInvalid report = (ReportConfigInvalid) action;
        return claimedAndStarted(run, action).compose(v -> reportConfigInvalid(report));
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
