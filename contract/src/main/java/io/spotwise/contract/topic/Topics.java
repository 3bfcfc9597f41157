package io.spotwise.contract.topic;

import java.time.Duration;
import java.util.List;

/**
 * The six topics of the contract (DESIGN §2), defined once. The two state topics must have the same partition count:
 * a workload and all its pods are co-partitioned by the workload key. The constants are each topic's role and its
 * default name; a service resolves its cluster's names with {@link TopicNames} (SPOTWISE_TOPIC_PREFIX, docs/fleet.md).
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

    /** The default cluster's topic specs: {@code TopicNames.DEFAULT.specs(...)}. */
    public static List<TopicSpec> all(int partitions, short replicationFactor, Duration retention) {
        return TopicNames.DEFAULT.specs(partitions, replicationFactor, retention);
    }
}
