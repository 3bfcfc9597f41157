package io.spotwise.common.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service started, stopped in the reverse order, within one time budget. Each step waits at most for what is
 * left of the budget; a step that overruns or fails is logged with its name and the next one runs anyway, so the
 * process always gets to exit. Runs once.
 */
final class ShutdownSequence {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

    /** One thing to stop; returns when it is stopped (or a stage that completes then). */
    @FunctionalInterface
    interface Stop {
        CompletionStage<?> stop() throws Exception;
    }

    private record Step(String name, Stop stop) {
    }

    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean ran;

    synchronized void add(String name, Stop stop) {
        steps.push(new Step(name, stop));
    }

    /** Stops every step, newest first; true when all stopped cleanly within the timeout. */
    synchronized boolean run(Duration timeout) {
        if (ran) {
            return true;
        }
        ran = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean clean = true;
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                CompletableFuture<?> done = step.stop().stop().toCompletableFuture();
                done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("{} did not stop within the shutdown timeout ({}s); going on", step.name(), timeout.toSeconds());
                clean = false;
            } catch (ExecutionException e) {
                LOG.warn("Stopping {} failed: {}", step.name(), e.getCause().toString());
                clean = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted while stopping {}", step.name());
                return false;
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", step.name(), e.toString());
                clean = false;
            }
        }
        return clean;
    }
}
