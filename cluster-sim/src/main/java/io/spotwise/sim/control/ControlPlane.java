package io.spotwise.sim.control;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spotwise.sim.api.watch.WatchHub;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sim's controllers (Deployment, ReplicaSet, StatefulSet, scheduler, kubelet, garbage collector, disruption) on
 * one thread, event-driven: the store's changes arrive in-process as they are written ({@link ChangeFeed}), a pass
 * applies them to the indexed {@link ClusterState} and each controller reconciles only what they made dirty. A
 * write's change is queued before the write is answered, so the next pass sees it and no controller needs
 * expectations. Pod creates, bindings and starts of one pass go out concurrently ({@link Writes}). Every
 * {@code resync} a pass reconciles everything, as a safety net.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    private static final long DEBOUNCE_MS = 50;

    private final Duration resync;
    private final WatchHub hub;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-control-plane");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean resyncDue = new AtomicBoolean(true);
    private final ClusterState state = new ClusterState();
    private final Dirty dirty = new Dirty();
    private final ChangeFeed feed = new ChangeFeed(this::wake);
    private final Writes writes = new Writes();
    private final DeploymentController deployments;
    private final ReplicaSetController replicaSets;
    private final StatefulSetController statefulSets;
    private final Kubelet kubelet;
    private final Scheduler scheduler;
    private final GarbageCollector gc;
    private final DisruptionController disruption;
    private volatile boolean closed;

    public ControlPlane(KubernetesClient client, WatchHub hub, Duration kubeletDelay, Duration resync) {
        this.hub = hub;
        this.resync = resync;
        this.deployments = new DeploymentController(client);
        this.replicaSets = new ReplicaSetController(client, writes);
        this.statefulSets = new StatefulSetController(client);
        this.kubelet = new Kubelet(client, kubeletDelay, writes);
        this.scheduler = new Scheduler(client, kubelet, writes);
        this.gc = new GarbageCollector(client);
        this.disruption = new DisruptionController(client);
    }

    public void start() {
        hub.listen(feed);
        loop.scheduleWithFixedDelay(() -> {
            resyncDue.set(true);
            wake();
        }, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        wake();
    }

    /** Asks for a reconcile pass soon (coalesced). */
    public void wake() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            loop.schedule(this::pass, DEBOUNCE_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void pass() {
        scheduled.set(false);
        if (closed) {
            return;
        }
        try {
            feed.drain(state, dirty);
            if (resyncDue.getAndSet(false)) {
                dirty.everything(state);
            }
            gc.reconcile(state, dirty);
            deployments.reconcile(state, dirty.deployments);
            replicaSets.reconcile(state, dirty.replicaSets);
            statefulSets.reconcile(state, dirty.statefulSets);
            scheduler.reconcile(state, dirty);
            Optional<Instant> next = kubelet.reconcile(state, dirty, Instant.now());
            disruption.reconcile(state, dirty);
            dirty.clear();
            next.ifPresent(at -> loop.schedule(this::wake,
                    Math.max(1, Duration.between(Instant.now(), at).toMillis()), TimeUnit.MILLISECONDS));
        } catch (KubernetesClientException e) {
            retry(e, 50);
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Control-plane pass failed (retrying)", e);
            }
            retry(e, 200);
        }
    }

    /** A failed pass is redone in full: what it did not finish is not lost. */
    private void retry(RuntimeException e, long delayMs) {
        if (!closed) {
            LOG.debug("Control-plane pass hit {} (retrying)", e.getMessage());
            resyncDue.set(true);
            loop.schedule(this::wake, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        loop.shutdownNow();
        writes.close();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
