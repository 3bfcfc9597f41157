package io.spotwise.common.service;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One start of one service, handed to its {@link ServiceLauncher.Starter}: the Vert.x instance (stopped last), the
 * state topics' partition count, and a place to register what must be stopped. Whatever is registered is stopped in
 * the reverse order on shutdown, and also when the start fails half-way.
 */
public final class Launch {

    private final String service;
    private final ServiceConfig config;
    private final long startDeadline;
    private final ShutdownSequence shutdown = new ShutdownSequence();
    private final int statePartitions;
    private final Vertx vertx;

    Launch(String service, ServiceConfig config, int statePartitions, long startDeadline) {
        this.service = service;
        this.config = config;
        this.statePartitions = statePartitions;
        this.startDeadline = startDeadline;
        this.vertx = Vertx.vertx();
        // Registered first, so stopped last. Awaited on its own future: a future composed on one of its event loops
        // would be completed on a closed event loop, that is never (RejectedExecutionException, then the timeout).
        shutdown.add("Vert.x", () -> vertx.close().toCompletionStage());
    }

    public String service() {
        return service;
    }

    /** The service's one Vert.x instance; it is closed after everything else has stopped. */
    public Vertx vertx() {
        return vertx;
    }

    /** Partitions of the state topics, as found (or created) at start. */
    public int statePartitions() {
        return statePartitions;
    }

    /** Stops {@code resource} on shutdown, after everything registered later. Returns it. */
    public <T extends AutoCloseable> T closing(String name, T resource) {
        shutdown.add(name, () -> {
            resource.close();
            return CompletableFuture.completedFuture(null);
        });
        return resource;
    }

    /** Runs {@code stop} on shutdown, after everything registered later, waiting for its future. */
    public void stopping(String name, Supplier<Future<?>> stop) {
        shutdown.add(name, () -> stop.get().toCompletionStage());
    }

    /** Waits for a start step, at most until {@code SPOTWISE_START_TIMEOUT} after the launch began. */
    public <T> T await(String what, Future<T> step) throws InterruptedException {
        try {
            return step.toCompletionStage().toCompletableFuture().get(Math.max(0, startDeadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new StartFailure(what + " failed: " + message(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new StartFailure(what + " did not complete within " + config.get(CommonKeys.START_TIMEOUT).toSeconds() + "s ("
                    + CommonKeys.START_TIMEOUT.name() + ")");
        }
    }

    /** Stops everything registered, newest first, within {@code SPOTWISE_SHUTDOWN_TIMEOUT}; true when all stopped cleanly. */
    public boolean stop() {
        return shutdown.run(config.get(CommonKeys.SHUTDOWN_TIMEOUT));
    }

    Duration shutdownTimeout() {
        return config.get(CommonKeys.SHUTDOWN_TIMEOUT);
    }

    static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
