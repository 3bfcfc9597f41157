package io.spotwise.common.fleet;

import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.topic.ClusterId;
import io.spotwise.contract.topic.TopicNames;
import io.vertx.kafka.client.producer.KafkaHeader;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * One cluster of a fleet sharing one Kafka cluster (docs/fleet.md): its id, its topic names, and the Kafka ids that
 * must differ between clusters (transactional ids, the actuator's consumer group) or two clusters would fence each
 * other. The {@value ClusterId#DEFAULT} cluster keeps the names of a single-cluster installation.
 *
 * @param cluster the cluster id (SPOTWISE_CLUSTER_ID), a DNS label
 * @param topics  the topic names (SPOTWISE_TOPIC_PREFIX, or derived from the cluster id)
 */
public record Fleet(String cluster, TopicNames topics) {

    public static final Fleet DEFAULT = new Fleet(ClusterId.DEFAULT, TopicNames.DEFAULT);

    public Fleet {
        if (!ClusterId.valid(cluster)) {
            throw new IllegalArgumentException("cluster id '" + cluster + "' is not a DNS label");
        }
    }

    /** @param prefix the topic prefix; empty: derived from the cluster id ({@link TopicNames#forCluster}) */
    public static Fleet of(String cluster, String prefix) {
        return new Fleet(cluster, prefix.isEmpty() ? TopicNames.forCluster(cluster) : new TopicNames(prefix));
    }

    public boolean isDefault() {
        return cluster.equals(ClusterId.DEFAULT);
    }

    /**
     * A Kafka id of this cluster's {@code name} (a transactional id, a consumer group): {@code spotwise-<name>} for the
     * default cluster, {@code spotwise-<cluster>-<name>} otherwise. Always starts with {@code spotwise-}, so prefixed
     * ACLs can cover it.
     */
    public String kafkaId(String name) {
        return isDefault() ? "spotwise-" + name : "spotwise-" + cluster + "-" + name;
    }

    /** The record value as this cluster writes it: the JSON with the cluster id (see {@link RecordCodec#encode(SpotwiseRecord, String)}). */
    public byte[] encode(SpotwiseRecord record) {
        return RecordCodec.encode(record, cluster);
    }

    /** The {@value ClusterId#HEADER} header for a Vert.x producer record. */
    public KafkaHeader vertxHeader() {
        return KafkaHeader.header(ClusterId.HEADER, cluster);
    }

    /** The {@value ClusterId#HEADER} header for a plain Kafka producer record. */
    public Header header() {
        return new RecordHeader(ClusterId.HEADER, ClusterId.toHeader(cluster));
    }

    /** The cluster a consumed record belongs to ({@value ClusterId#DEFAULT} when it carries no header). */
    public static String clusterOf(Headers headers) {
        Header h = headers == null ? null : headers.lastHeader(ClusterId.HEADER);
        return ClusterId.fromHeader(h == null ? null : h.value());
    }
}
