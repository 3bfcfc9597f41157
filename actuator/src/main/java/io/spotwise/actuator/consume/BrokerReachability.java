package io.spotwise.actuator.consume;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the actuator can reach Kafka right now, as its clients last found out. Unreachable makes {@code /readyz}
 * fail and counts up a gauge; the loops keep waiting for the broker (with bounded backoff) instead of exiting.
 */
public final class BrokerReachability {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerReachability.class);

    /** System.nanoTime() when it became unreachable, or -1 while reachable. */
    private final AtomicLong unreachableSince = new AtomicLong(-1);

    public void reachable() {
        long since = unreachableSince.getAndSet(-1);
        if (since >= 0) {
            LOG.info("Kafka reachable again after {} ms", (System.nanoTime() - since) / 1_000_000);
        }
    }

    public void unreachable(String why) {
        if (unreachableSince.compareAndSet(-1, System.nanoTime())) {
            LOG.warn("Kafka unreachable ({}); waiting for it, actions are held", why);
        }
    }

    public boolean isReachable() {
        return unreachableSince.get() < 0;
    }

    /** Seconds since Kafka became unreachable, 0 while it is reachable. */
    public double unreachableSeconds() {
        long since = unreachableSince.get();
        return since < 0 ? 0 : (System.nanoTime() - since) / 1e9;
    }
}
