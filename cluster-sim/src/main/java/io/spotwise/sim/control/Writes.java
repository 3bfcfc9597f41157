package io.spotwise.sim.control;

import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes of one controller step sent concurrently, as Kubernetes' controllers create pods in parallel batches: a
 * pod create waits for admission webhooks, so one at a time would make the webhook's latency the sim's limit.
 * {@link #await()} ends the step; the first failure is rethrown there (the pass is then redone).
 */
final class Writes implements AutoCloseable {

    static final int CONCURRENCY = 16;

    private final ExecutorService pool;
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();

    Writes() {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(CONCURRENCY, r -> {
            Thread t = new Thread(r, "sim-control-write-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void submit(Runnable write) {
        pending.add(CompletableFuture.runAsync(write, pool));
    }

    /** Waits for every write submitted since the last call. */
    void await() {
        List<CompletableFuture<Void>> batch = new ArrayList<>(pending);
        pending.clear();
        RuntimeException first = null;
        for (CompletableFuture<Void> f : batch) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (first == null) {
                    first = e.getCause() instanceof KubernetesClientException k ? k
                            : e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
