package io.spotwise.watcher;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Vert.x context that owns the watcher's state: the cache, the dirty keys, the publisher's bookkeeping, the
 * leadership's steps and its timers. Everything that touches them runs here, so they need no locks; informer
 * callbacks (fabric8 threads), Lease callbacks and the fenced writer's completions hop in with {@link #run}.
 * See docs/architecture.md, "Concurrency model".
 */
public final class WatcherContext {

    private static final Logger LOG = LoggerFactory.getLogger(WatcherContext.class);

    private final Context context;
    private final Thread thread;

    private WatcherContext(Context context, Thread thread) {
        this.context = context;
        this.thread = thread;
    }

    /** A fresh event-loop context of its own (a verticle's), whichever thread asks. */
    public static Future<WatcherContext> deploy(Vertx vertx) {
        Promise<WatcherContext> created = Promise.promise();
        return vertx.deployVerticle(new VerticleBase() {
            @Override
            public Future<?> start() {
                // an event-loop context runs on one thread for life: what makes the state single-threaded
                created.complete(new WatcherContext(context, Thread.currentThread()));
                return Future.succeededFuture();
            }
        }).compose(id -> created.future());
    }

    public Context context() {
        return context;
    }

    public Vertx vertx() {
        return context.owner();
    }

    /** Runs {@code work} on the context; a failure is logged naming {@code what} (it names the object concerned). */
    public void run(Object what, Runnable work) {
        context.runOnContext(v -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.error("{}: failed on the watcher's context", what, e);
            }
        });
    }

    /** Runs {@code work} on the context and completes when it ran. */
    public Future<Void> call(Runnable work) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            try {
                work.run();
                done.complete();
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        return done.future();
    }

    public boolean onContext() {
        return Thread.currentThread() == thread;
    }
}
