package io.spotwise.common.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership through a coordination.k8s.io Lease. {@link #isLeader()} is cheap and safe from any thread; a replica
 * that loses the Lease sees false at once (fabric8 calls back on loss before the Lease could be taken by another).
 *
 * <p>fabric8's {@link LeaderElector} is single-use: once it ends (leadership lost, or the election failed) its
 * {@code start()} throws. This class builds a fresh elector for every round and stands again by itself after a retry
 * period until {@link #close()}, so callers never re-arm it.
 */
public final class LeaseLeadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Duration leaseDuration;
    private final Runnable onStarted;
    private final Runnable onStopped;
    private final AtomicBoolean leader = new AtomicBoolean();
    private volatile boolean closed;
    private CompletableFuture<?> running;

    /**
     * @param leaseDuration how long a Lease is valid without renewal; renewDeadline is 2/3 of it, retry 1/5
     */
    public LeaseLeadership(KubernetesClient client, String namespace, String leaseName, String identity, Duration leaseDuration,
                           Runnable onStarted, Runnable onStopped) {
        this.client = client;
        this.namespace = namespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.onStarted = onStarted;
        this.onStopped = onStopped;
    }

    /** Stands for election; after a lost or failed round it stands again by itself until closed. */
    public synchronized void start() {
        if (closed) {
            return;
        }
        CompletableFuture<?> round = newElector().start();
        running = round;
        round.whenComplete((v, e) -> {
            if (closed) {
                return;
            }
            if (e != null) {
                LOG.warn("Election for Lease {}/{} ended: {}", namespace, leaseName, e.toString());
            }
            LOG.info("Standing for Lease {}/{} again", namespace, leaseName);
            CompletableFuture.delayedExecutor(retryPeriod().toMillis(), TimeUnit.MILLISECONDS).execute(this::start);
        });
    }

    public boolean isLeader() {
        return leader.get();
    }

    /**
     * Gives up this round (the Lease is released if still ours) and stands again after the retry period: for a leader
     * whose writes were fenced, which must stop leading without exiting.
     */
    public synchronized void stepDown() {
        if (closed || running == null) {
            return;
        }
        LOG.info("Stepping down from Lease {}/{} as {}", namespace, leaseName, identity);
        leader.set(false);
        running.cancel(true);
    }

    @Override
    public synchronized void close() {
        closed = true;
        leader.set(false);
        if (running != null) {
            running.cancel(true);
        }
    }

    private Duration retryPeriod() {
        return leaseDuration.dividedBy(5);
    }

    private LeaderElector newElector() {
        return client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(leaseDuration.multipliedBy(2).dividedBy(3))
                .withRetryPeriod(retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> {
                            leader.set(true);
                            LOG.info("Became leader of Lease {}/{} as {}", namespace, leaseName, identity);
                            onStarted.run();
                        },
                        () -> {
                            leader.set(false);
                            LOG.info("Lost leadership of Lease {}/{} as {}", namespace, leaseName, identity);
                            onStopped.run();
                        },
                        newLeader -> LOG.info("Lease {}/{} is held by {}", namespace, leaseName, newLeader)))
                .build()).build();
    }
}
