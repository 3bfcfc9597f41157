package io.spotwise.actuator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The one named, bounded worker pool every blocking fabric8 call runs on, so no event loop ever waits for the API
 * server.
 */
public final class KubeWorker implements AutoCloseable {

    public static final String POOL_NAME = "spotwise-actuator-kube";

    private final Vertx vertx;
    private final WorkerExecutor executor;

    public KubeWorker(Vertx vertx, int poolSize) {
        this.vertx = vertx;
        this.executor = vertx.createSharedWorkerExecutor(POOL_NAME, poolSize, 60, TimeUnit.SECONDS);
    }

    /** Runs a blocking call on the pool; calls of one action stay ordered because each waits for the previous one. */
    public <T> Future<T> call(Callable<T> blocking) {
        return executor.executeBlocking(blocking, false);
    }

    /** Completes after {@code millis} without holding a thread. */
    public Future<Void> delay(long millis) {
        if (millis <= 0) {
            return Future.succeededFuture();
        }
        return vertx.timer(millis, TimeUnit.MILLISECONDS).mapEmpty();
    }

    @Override
    public void close() {
        executor.close();
    }
}
