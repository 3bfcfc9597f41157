package io.spotwise.actuator;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spotwise.actuator.eviction.RetryBackoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one named, bounded worker pool every blocking fabric8 call runs on, so no event loop ever waits for the API
 * server.
 */
public final class KubeWorker implements AutoCloseable {

    public static final String POOL_NAME = "spotwise-actuator-kube";
    private static final Logger LOG = LoggerFactory.getLogger(KubeWorker.class);

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

    /**
     * Like {@link #call} but retries transient failures (no answer, timeouts, 429 from API priority and fairness, 5xx)
     * with the bounded, jittered backoff; anything else, and the last failure, fails the future.
     */
    public <T> Future<T> callRetrying(String what, RetryBackoff backoff, Callable<T> blocking) {
        return attempt(what, backoff, blocking, 0);
    }

    private <T> Future<T> attempt(String what, RetryBackoff backoff, Callable<T> blocking, int retry) {
        return call(blocking).recover(e -> {
            if (!isTransient(e) || retry >= backoff.maxRetries()) {
                return Future.failedFuture(e);
            }
            long delay = backoff.delayMillis(retry + 1, 0);
            LOG.info("{} failed ({}); retry {} of {} in {} ms", what, e.toString(), retry + 1, backoff.maxRetries(), delay);
            return delay(delay).compose(v -> attempt(what, backoff, blocking, retry + 1));
        });
    }

    /**
     * No answer, a timeout, 429 without a PodDisruptionBudget behind it, or 5xx. fabric8 reports a request that got no
     * answer (its requestTimeout, a reset connection) as code -1 with the cause inside, so without an HTTP code the cause
     * decides; an answer (any other code) is final.
     */
    static boolean isTransient(Throwable e) {
        if (e instanceof KubernetesClientException k && k.getCode() >= 0) {
            int code = k.getCode();
            return code == 0 || code == 429 || code >= 500;
        }
        return e instanceof IOException || e instanceof TimeoutException
                || (e.getCause() != null && e.getCause() != e && isTransient(e.getCause()));
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
