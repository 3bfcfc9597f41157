package io.spotwise.decider.leader;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.FencedWriter;
import io.spotwise.contract.Action;
import io.spotwise.decider.metrics.DeciderMetrics;
import io.spotwise.decider.policy.ControlLoop;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.state.DeadLetterDesk;
import io.spotwise.decider.state.StateContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback / rebalancing clock. Every replica ticks, on the state's context; only the Lease holder whose
 * {@link FencedWriter} is open, with a caught-up state, runs the control loop. The actions of a tick are written in one
 * transaction: a replica fenced by a newer leader gets none of them accepted. The leader also writes pending dead
 * letters.
 */
public final class LeaderTicker {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderTicker.class);

    private final Fleet fleet;
    private final Vertx vertx;
    private final StateContext state;
    private final ControlLoop loop;
    private final FencedWriter writer;
    private final DeadLetterDesk deadLetters;
    private final DeadLetterDesk.Sender letterSender;
    private final BooleanSupplier leader;
    private final BooleanSupplier ready;
    private final DeciderMetrics metrics;
    private final Clock clock;
    private final Duration period;
    private long timerId = -1;

    public LeaderTicker(Vertx vertx, StateContext state, ControlLoop loop, FencedWriter writer, DeadLetterDesk deadLetters,
                        DeadLetterDesk.Sender letterSender, BooleanSupplier leader,
                        BooleanSupplier ready, DeciderMetrics metrics, Clock clock, Duration period, Fleet fleet) {
        this.fleet = fleet;
        this.vertx = vertx;
        this.state = state;
        this.loop = loop;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.letterSender = letterSender;
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
    /** Status writes due each tick (kubectl status annotations), after the control loop's actions; none by default. */
    public void reportStatus(BiFunction<SpotState, Instant, List<Action>> due) {
        this.statusDue = due;
    }

    private BiFunction<SpotState, Instant, List<Action>> statusDue = (s, t) -> List.of();

    void tick() {
        metrics.refresh(state.state(), clock.instant());
        boolean leading = leader.getAsBoolean() && writer.isOpen();
        deadLetters.flush(leading, letterSender);
        if (!ready.getAsBoolean() || !leading) {
            return;
        }
        Instant now = clock.instant();
        List<Action> actions;
        try {
            actions = new ArrayList<>(loop.tick(state.state(), now));
            actions.addAll(statusDue.apply(state.state(), now));
        } catch (RuntimeException e) {
            LOG.error("Control loop failed this tick; retrying next tick", e);
            return;
        }
        List<Action> out = new ArrayList<>(actions.size());
        for (Action action : actions) {
            if (state.state().repeats(action, now)) {
                LOG.info("Not repeating {} for {}: the same action is still in flight", action.type(), action.workload());
            } else {
                out.add(action);
            }
        }
        if (out.isEmpty()) {
            return;
        }
        writer.write(out.stream().map(a -> ActionEmitter.record(fleet, a)).toList()).onComplete(ar -> {
            if (ar.succeeded()) {
                out.forEach(a -> {
                    metrics.emitted(a);
                    ActionEmitter.written(a);
                });
            } else {
                LOG.error("{} decided actions not written ({}): none of them is visible; a leader decides again", out.size(),
                        ar.cause().toString());
                out.forEach(a -> state.state().unwritten(a));
            }
        });
    }
}
