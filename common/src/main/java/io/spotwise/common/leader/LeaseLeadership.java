package io.spotwise.common.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership through a coordination.k8s.io Lease. {@link #isLeader()} is cheap and safe from any thread; a replica
 * that loses the Lease sees false at once (fabric8 calls back on loss before the Lease could be taken by another).
 */
public final class LeaseLeadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeadership.class);

    private final AtomicBoolean leader = new AtomicBoolean();
    private final LeaderElector elector;
    private CompletableFuture<?> running;

    /**
     * @param leaseDuration how long a Lease is valid without renewal; renewDeadline is 2/3 of it, retry 1/5
     */
    public LeaseLeadership(KubernetesClient client, String namespace, String leaseName, String identity, Duration leaseDuration,
                           Runnable onStarted, Runnable onStopped) {
        this.elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(leaseDuration.multipliedBy(2).dividedBy(3))
                .withRetryPeriod(leaseDuration.dividedBy(5))
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

    public void start() {
        running = elector.start();
    }

    public boolean isLeader() {
        return leader.get();
    }

    @Override
    public void close() {
        leader.set(false);
        if (running != null) {
            running.cancel(true);
        }
    }
}
