package io.spotwise.decider.leader;

import io.spotwise.common.contract.Action;
import io.spotwise.decider.metrics.DeciderMetrics;
import io.spotwise.decider.policy.ControlLoop;
import io.spotwise.decider.state.StateContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback / rebalancing clock. Every replica ticks, on the state's context; only the Lease holder with a
 * caught-up state runs the control loop and emits. Leadership is re-checked before every single action, so a replica
 * that loses the Lease stops emitting at once, even in the middle of a tick.
 */
public final class LeaderTicker {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderTicker.class);

    private final Vertx vertx;
    private final StateContext state;
    private final ControlLoop loop;
    private final ActionEmitter emitter;
    private final InFlightLedger ledger;
    private final BooleanSupplier leader;
    private final BooleanSupplier ready;
    private final DeciderMetrics metrics;
    private final Clock clock;
    private final Duration period;
    private long timerId = -1;

    public LeaderTicker(Vertx vertx, StateContext state, ControlLoop loop, ActionEmitter emitter, InFlightLedger ledger, BooleanSupplier leader,
                        BooleanSupplier ready, DeciderMetrics metrics, Clock clock, Duration period) {
        this.vertx = vertx;
        this.state = state;
        this.loop = loop;
        this.emitter = emitter;
        this.ledger = ledger;
        this.leader = leader;
        this.ready = ready;
        this.metrics = metrics;
        this.clock = clock;
        this.period = period;
    }

    public void start() {
        state.context().runOnContext(v -> timerId = vertx.setPeriodic(period.toMillis(), id -> tick()));
    }

    public Future<Void> stop() {
        Promise<Void> stopped = Promise.promise();
        state.context().runOnContext(v -> {
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
            }
            stopped.complete();
        });
        return stopped.future();
    }

    /** One tick; runs on the state's context. Package-visible for tests that drive time themselves. */
    void tick() {
        metrics.refresh(state.state(), clock.instant());
        if (!ready.getAsBoolean() || !leader.getAsBoolean()) {
            return;
        }
        Instant now = clock.instant();
        List<Action> actions;
        try {
            actions = loop.tick(state.state(), now);
        } catch (RuntimeException e) {
            LOG.error("Control loop failed this tick; retrying next tick", e);
            return;
        }
        for (int i = 0; i < actions.size(); i++) {
            if (!leader.getAsBoolean()) {
                LOG.warn("Lost the Lease during a tick: {} decided actions not emitted (a new leader decides again)", actions.size() - i);
                return;
            }
            Action action = actions.get(i);
            if (ledger.duplicates(action, now)) {
                LOG.info("Not repeating {} for {}: the same action is still in flight", action.type(), action.workload());
                continue;
            }
            metrics.emitted(action);
            emitter.emit(action);
        }
    }
}
