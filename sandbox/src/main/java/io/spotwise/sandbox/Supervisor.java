package io.spotwise.sandbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a Deployment's controller and the kubelet do for {@code ./spotwise up}: a service process that exits is
 * started again, and the terminal says so. Consecutive restarts of one service back off (1 s, 2 s, 4 s … 30 s) as
 * Kubernetes' CrashLoopBackOff does; a service that stayed up for a minute starts again from 1 s.
 */
final class Supervisor implements AutoCloseable {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration STABLE_AFTER = Duration.ofMinutes(1);

    private final List<ServiceProcess> services;
    private final Terminal terminal;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "spotwise-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Integer> restarts = new HashMap<>();
    private final Map<String, Long> startedAt = new HashMap<>();
    private final Map<String, Long> restartDue = new HashMap<>();
    private volatile boolean closed;

    Supervisor(List<ServiceProcess> services, Terminal terminal) {
        this.services = List.copyOf(services);
        this.terminal = terminal;
    }

    void start() {
        services.forEach(s -> startedAt.put(s.name(), System.nanoTime()));
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /** How many times a service was started again. */
    synchronized int restarts(String name) {
        return restarts.getOrDefault(name, 0);
    }

    private synchronized void check() {
        for (ServiceProcess s : services) {
            if (closed || s.isRunning()) {
                continue;
            }
            long now = System.nanoTime();
            Long due = restartDue.get(s.name());
            if (due == null) {
                boolean stable = now - startedAt.getOrDefault(s.name(), now) > STABLE_AFTER.toNanos();
                int n = stable ? 0 : restarts.getOrDefault(s.name(), 0);
                long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(n, 5));
                restartDue.put(s.name(), now + TimeUnit.MILLISECONDS.toNanos(backoff));
                terminal.info(s.name() + " exited (status " + s.exitStatus() + "); restarting it in " + backoff / 1000 + " s, as its "
                        + "Deployment would (log: " + s.logFile() + ")");
            } else if (now >= due) {
                restartDue.remove(s.name());
                restarts.merge(s.name(), 1, Integer::sum);
                startedAt.put(s.name(), now);
                s.start();
                terminal.info(s.name() + " restarted (restart " + restarts.get(s.name()) + "), metrics again on http://localhost:"
                        + s.opsPort() + "/metrics");
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.shutdownNow();
    }
}
