package io.spotwise.contract.topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The six topics of the contract (DESIGN §2), defined once. The two state topics must have the same partition count:
 * a workload and all its pods are co-partitioned by the workload key.
 */
public final class Topics {

    public static final String WORKLOADS = "spotwise.workloads";
    public static final String PODS = "spotwise.pods";
    public static final String ACTIONS = "spotwise.actions";
    public static final String OUTCOMES = "spotwise.outcomes";
    public static final String DEAD_LETTER = "spotwise.dead-letter";
    /** Every admission decision of the webhook (delete policy: a retained log that {@code spotwise replay} reads). */
    public static final String DECISIONS = "spotwise.decisions";

    private Topics() {
    }

    /**
     * @param partitions         partitions of every topic (state topics must share it)
     * @param replicationFactor  replication factor for created topics
     * @param retention          retention of the delete-policy topics (actions, outcomes, dead letters, decisions)
     */
    public static List<TopicSpec> all(int partitions, short replicationFactor, Duration retention) {
        Map<String, String> compact = Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");
        Map<String, String> delete = Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
        return List.of(
                new TopicSpec(WORKLOADS, partitions, replicationFactor, compact),
                new TopicSpec(PODS, partitions, replicationFactor, compact),
                new TopicSpec(ACTIONS, partitions, replicationFactor, delete),
                new TopicSpec(OUTCOMES, partitions, replicationFactor, delete),
                new TopicSpec(DEAD_LETTER, partitions, replicationFactor, delete),
                new TopicSpec(DECISIONS, partitions, replicationFactor, delete));
    }
}
