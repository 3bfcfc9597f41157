package io.spotwise.common.fleet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net of a fleet (docs/fleet.md): a record of another cluster on this cluster's topics — two clusters
 * configured onto the same topic names — is ignored, never acted on. Each is counted in
 * {@code spotwise_foreign_records_total{topic}}; the first of each other cluster is logged at WARN.
 */
public final class ForeignRecords {

    private static final Logger LOG = LoggerFactory.getLogger(ForeignRecords.class);
    public static final String METRIC = "spotwise.foreign.records";

    private final String cluster;
    private final MeterRegistry registry;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param registry where the counter goes; null: not counted (tools)
     * @param topics   the topics read, whose counters are exported at zero from the start
     */
    public ForeignRecords(String cluster, MeterRegistry registry, String... topics) {
        this.cluster = cluster;
        this.registry = registry;
        for (String topic : topics) {
            counter(topic); // at zero from the start: increase() over it works from the first foreign record on
        }
    }

    private Counter counter(String topic) {
        return registry == null ? null : Counter.builder(METRIC)
                .description("records of another cluster on this cluster's topics, ignored (docs/fleet.md)")
                .tag("topic", topic).register(registry);
    }

    public String cluster() {
        return cluster;
    }

    /** True when the record belongs to this cluster; else counts and (once per cluster) logs it, and returns false. */
    public boolean ours(ConsumerRecord<String, ?> record) {
        return ours(record.topic(), record.key(), record.headers());
    }

    public boolean ours(KafkaConsumerRecord<String, ?> record) {
        return ours(record.record());
    }

    public boolean ours(String topic, String key, Headers headers) {
        String from = Fleet.clusterOf(headers);
        if (from.equals(cluster)) {
            return true;
        }
        Counter counter = counter(topic);
        if (counter != null) {
            counter.increment();
        }
        if (warned.add(from)) {
            LOG.warn("Ignoring records of cluster '{}' on {} (this is cluster '{}'), first one keyed '{}': two clusters share these"
                    + " topics; give each its own SPOTWISE_TOPIC_PREFIX (docs/fleet.md)", from, topic, cluster, key);
        }
        return false;
    }
}
