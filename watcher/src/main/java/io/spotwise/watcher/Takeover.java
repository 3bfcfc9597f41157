package io.spotwise.watcher;

import io.spotwise.common.leader.LeaseLeadership;
import io.spotwise.watcher.publish.StatePublisher;
import io.spotwise.watcher.publish.StateTopics;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher's leadership steps, on its context: take over (fence every earlier writer, read the keys back, publish),
 * stand by, and what follows a lost producer. A step that completes after a later one began (stood down meanwhile,
 * or elected again) is dropped: {@code attempt} tells them apart.
 */
final class Takeover {

    private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);

    private final Vertx vertx;
    private final StatePublisher publisher;
    private final StateTopics topics;
    private final Duration readTimeout;
    private final Duration retry;
    private LeaseLeadership leadership;
    private boolean elected;
    private boolean closed;
    private long attempts;

    Takeover(Vertx vertx, StatePublisher publisher, StateTopics topics, Duration readTimeout, Duration retry) {
        this.vertx = vertx;
        this.publisher = publisher;
        this.topics = topics;
        this.readTimeout = readTimeout;
        this.retry = retry;
    }

    /** With leader election: a fenced or broken producer gives the Lease up. */
    void electedBy(LeaseLeadership lease) {
        this.leadership = lease;
    }

    /** Fence every earlier writer, then read what the topics hold (final now), then publish. */
    void takeOver() {
        if (closed) {
            return;
        }
        elected = true;
        long attempt = ++attempts;
        publisher.open().compose(v -> topics.scan(readTimeout)).onComplete(done -> {
            if (closed || !elected || attempt != attempts) {
                return;
            }
            if (done.succeeded()) {
                publisher.lead(done.result());
            } else {
                LOG.warn("Cannot fence the previous leader and read the state topics to take over ({}); retrying in {}", done.cause().toString(), retry);
                vertx.setTimer(retry.toMillis(), id -> {
                    if (elected && attempt == attempts) {
                        takeOver();
                    }
                });
            }
        });
    }

    /**
     * The producer was fenced (a newer leader opened its own) or broke. With leader election, step down and contend
     * again: only a replica that wins the Lease again opens a new producer, so a deposed replica never fences its
     * successor. Without leader election this is the only writer: open it again after the retry back-off.
     */
    void producerLost() {
        if (closed) {
            return;
        }
        if (leadership != null) {
            stepDown();
            leadership.stepDown();
        } else {
            long attempt = ++attempts;
            vertx.setTimer(retry.toMillis(), id -> {
                if (attempt == attempts) {
                    takeOver();
                }
            });
        }
    }

    void stepDown() {
        if (closed) {
            return;
        }
        elected = false;
        publisher.standBy();
        if (leadership != null) {
            LOG.info("Standing by: caches stay warm, publishing stops; the Lease is contested again");
        }
    }

    /** Publishing stops for good; later steps are ignored. */
    void close() {
        closed = true;
        elected = false;
        publisher.standBy();
    }
}
