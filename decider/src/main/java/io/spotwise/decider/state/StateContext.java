package io.spotwise.decider.state;

import io.spotwise.decider.policy.state.SpotState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one Vert.x context that owns the {@link SpotState}. Every read and write of the state happens here, so the
 * state needs no locks; other contexts hop in with {@link #call} and get the answer back on their own context. The one
 * exception is the webhook's placement of a pod of a known owner, which is thread-safe and runs where it is asked
 * ({@link #concurrently}; docs/decider.md, "How it stays correct").
 */
public final class StateContext {

    private final Context context;
    private final Thread thread;
    private final SpotState state;

    private StateContext(Context context, Thread thread, SpotState state) {
        this.context = context;
        this.thread = thread;
        this.state = state;
    }

    /** A fresh event-loop context of its own (a verticle's), whichever thread asks. */
    public static Future<StateContext> create(Vertx vertx, SpotState state) {
        Promise<StateContext> ctx = Promise.promise();
        return vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                // an event-loop context runs on one thread for life: that thread is what makes the state single-threaded
                ctx.complete(new StateContext(context, Thread.currentThread(), state));
                return Future.succeededFuture();
            }
        }).compose(id -> ctx.future());
    }

    /** The context; timers and Kafka consumers that touch the state are started on it. */
    public Context context() {
        return context;
    }

    /** The state itself, for code already running on {@link #context()}. */
    public SpotState state() {
        assertOnContext();
        return state;
    }

    /** Runs {@code work} on the state's context and completes on the caller's context (or the state's, off-context). */
    public <T> Future<T> call(Function<SpotState, T> work) {
        Context caller = Vertx.currentContext();
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            T result;
            try {
                result = work.apply(state);
            } catch (RuntimeException e) {
                complete(caller, () -> promise.fail(e));
                return;
            }
            complete(caller, () -> promise.complete(result));
        });
        return promise.future();
    }

    /**
     * Runs {@code work} on the caller's thread, now: only for the state's thread-safe entry points (placement of a pod
     * of a known owner, {@code PlacementPolicy#placeConcurrently}), which need no hop and no queue.
     */
    public <T> T concurrently(Function<SpotState, T> work) {
        return work.apply(state);
    }

    /** Runs {@code work} on the state's context. */
    public void run(Consumer<SpotState> work) {
        context.runOnContext(v -> work.accept(state));
    }

    public boolean onContext() {
        return Thread.currentThread() == thread;
    }

    private void assertOnContext() {
        if (!onContext()) {
            throw new IllegalStateException("the decider state is touched off its own context (thread " + Thread.currentThread().getName() + ")");
        }
    }

    private static void complete(Context caller, Runnable completion) {
        if (caller == null) {
            completion.run();
        } else {
            caller.runOnContext(v -> completion.run());
        }
    }
}
