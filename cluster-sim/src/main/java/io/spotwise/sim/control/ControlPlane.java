package io.spotwise.sim.control;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sim's controllers (Deployment, ReplicaSet, StatefulSet, scheduler, kubelet, garbage collector) on one
 * thread. Watches only mark the world dirty; a pass reads a fresh, consistent state and reconciles everything, so
 * no controller needs expectations. Idle cost: one pass per {@code resync}.
 */
public final class ControlPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    private static final long DEBOUNCE_MS = 15;

    private final KubernetesClient client;
    private final Duration resync;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-control-plane");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<Watch> watches = new ArrayList<>();
    private final DeploymentController deployments;
    private final ReplicaSetController replicaSets;
    private final StatefulSetController statefulSets;
    private final Kubelet kubelet;
    private final Scheduler scheduler;
    private final GarbageCollector gc;
    private final DisruptionController disruption;
    private volatile boolean closed;

    public ControlPlane(KubernetesClient client, Duration kubeletDelay, Duration resync) {
        this.client = client;
        this.resync = resync;
        this.deployments = new DeploymentController(client);
        this.replicaSets = new ReplicaSetController(client);
        this.statefulSets = new StatefulSetController(client);
        this.kubelet = new Kubelet(client, kubeletDelay);
        this.scheduler = new Scheduler(client, kubelet);
        this.gc = new GarbageCollector(client);
        this.disruption = new DisruptionController(client);
    }

    public void start() {
        Watcher<Object> trigger = new Watcher<>() {
            @Override
            public void eventReceived(Action action, Object resource) {
                wake();
            }

            @Override
            public void onClose(WatcherException cause) {
                if (!closed) {
                    LOG.warn("Control-plane watch closed: {}", cause.getMessage());
                }
            }
        };
        watches.add(client.pods().inAnyNamespace().watch(cast(trigger)));
        watches.add(client.apps().deployments().inAnyNamespace().watch(cast(trigger)));
        watches.add(client.apps().replicaSets().inAnyNamespace().watch(cast(trigger)));
        watches.add(client.apps().statefulSets().inAnyNamespace().watch(cast(trigger)));
        watches.add(client.nodes().watch(cast(trigger)));
        watches.add(client.policy().v1().podDisruptionBudget().inAnyNamespace().watch(cast(trigger)));
        loop.scheduleWithFixedDelay(this::wake, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        wake();
    }

    @SuppressWarnings("unchecked")
    private static <T> Watcher<T> cast(Watcher<Object> w) {
        return (Watcher<T>) (Watcher<?>) w;
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
            ClusterState state = ClusterState.read(client);
            gc.reconcile(state);
            deployments.reconcile(state);
            replicaSets.reconcile(state);
            statefulSets.reconcile(state);
            scheduler.reconcile(state);
            Optional<Instant> next = kubelet.reconcile(state, Instant.now());
            disruption.reconcile(state);
            next.ifPresent(at -> loop.schedule(this::wake,
                    Math.max(1, Duration.between(Instant.now(), at).toMillis()), TimeUnit.MILLISECONDS));
        } catch (KubernetesClientException e) {
            if (!closed) {
                LOG.debug("Control-plane pass hit {} (retrying)", e.getMessage());
                loop.schedule(this::wake, 50, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("Control-plane pass failed (retrying)", e);
                loop.schedule(this::wake, 200, TimeUnit.MILLISECONDS);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watches.forEach(Watch::close);
        loop.shutdownNow();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
