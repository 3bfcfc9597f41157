package io.spotwise.sim.throughput;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A watch on every pod, as a Spotwise service keeps one: counts events, pods seen and pods Running. */
final class PodWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PodWatch.class);

    private final AtomicLong events = new AtomicLong();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private final AtomicLong lastAddedNanos = new AtomicLong();
    private final AtomicLong runningCount = new AtomicLong();
    private final Watch watch;

    PodWatch(KubernetesClient client) {
        this.watch = client.pods().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                events.incrementAndGet();
                String uid = pod.getMetadata().getUid();
                if (action == Action.DELETED) {
                    if (Boolean.TRUE.equals(running.remove(uid))) {
                        runningCount.decrementAndGet();
                    }
                    return;
                }
                boolean isRunning = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
                Boolean before = running.put(uid, isRunning);
                if (before == null) {
                    lastAddedNanos.set(System.nanoTime());
                }
                if (isRunning && !Boolean.TRUE.equals(before)) {
                    runningCount.incrementAndGet();
                } else if (!isRunning && Boolean.TRUE.equals(before)) {
                    runningCount.decrementAndGet();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                LOG.warn("Pod watch of the throughput run closed: {}", cause.getMessage());
            }
        });
    }

    long events() {
        return events.get();
    }

    long pods() {
        return running.size();
    }

    long running() {
        return runningCount.get();
    }

    /** System.nanoTime() of the last pod first seen. */
    long lastAddedNanos() {
        return lastAddedNanos.get();
    }

    @Override
    public void close() {
        watch.close();
    }
}
