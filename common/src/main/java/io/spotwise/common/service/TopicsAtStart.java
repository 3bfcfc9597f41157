package io.spotwise.common.service;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.ServiceConfig;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.TopicBootstrap;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up wait for Kafka, written once: creates or verifies the topics (DESIGN §2), retrying while Kafka does not
 * answer, for at most {@code SPOTWISE_START_TIMEOUT}. Incompatible topics stop the service at once; so does a Kafka
 * that never answered, with one line that names the address and the key.
 */
public final class TopicsAtStart {

    private static final Logger LOG = LoggerFactory.getLogger(TopicsAtStart.class);
    private static final long RETRY_MILLIS = 1000;

    private TopicsAtStart() {
    }

    /** Returns the partition count of the state topics (the co-partitioner needs it). */
    public static int ensure(ServiceConfig config, String clientId) throws InterruptedException {
        Duration timeout = config.get(CommonKeys.START_TIMEOUT);
        long deadline = System.nanoTime() + timeout.toNanos();
        String bootstrap = config.kafka().get("bootstrap.servers");
        try (Admin admin = Admin.create(KafkaClients.adminConfig(config.kafka(), clientId))) {
            while (true) {
                long left = Math.max(1000, Math.min(10_000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                try {
                    TopicBootstrap.ensure(admin, config.fleet().topics().specs(config.get(CommonKeys.TOPIC_PARTITIONS),
                            config.get(CommonKeys.TOPIC_REPLICATION_FACTOR).shortValue(), config.get(CommonKeys.TOPIC_RETENTION)),
                            config.get(CommonKeys.TOPIC_CREATE), left);
                    return TopicBootstrap.partitions(admin, config.fleet().topics().pods(), left);
                } catch (ExecutionException | TimeoutException | KafkaException e) {
                    if (System.nanoTime() > deadline) {
                        throw new StartFailure("Kafka at " + bootstrap + " unreachable for " + timeout.toSeconds() + "s ("
                                + CommonKeys.START_TIMEOUT.name() + "): " + e);
                    }
                    LOG.warn("Kafka at {} not answering yet ({}); retrying", bootstrap, e.toString());
                    TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
                }
            }
        }
    }
}
