package io.spotwise.contract.topic;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names of the six topics (DESIGN §2) for one cluster: a prefix followed by each topic's role ({@code workloads},
 * {@code pods}, {@code actions}, {@code outcomes}, {@code dead-letter}, {@code decisions}). The default prefix
 * {@value #DEFAULT_PREFIX} gives the names of {@link Topics}; a cluster of a fleet usually has
 * {@code spotwise.<cluster-id>.} ({@link #forCluster}). Every Kafka boundary resolves names here; the constants of
 * {@link Topics} are the roles (and the default names) that code switches on ({@link #role}).
 */
public record TopicNames(String prefix) {

    public static final String DEFAULT_PREFIX = "spotwise.";
    /** Kafka's legal topic characters; the longest role is 11 characters and a topic name may have 249. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
    private static final List<String> ROLES = List.of(Topics.WORKLOADS, Topics.PODS, Topics.ACTIONS, Topics.OUTCOMES,
            Topics.DEAD_LETTER, Topics.DECISIONS);
    /** Declared after the fields its constructor reads. */
    public static final TopicNames DEFAULT = new TopicNames(DEFAULT_PREFIX);

    public TopicNames {
        if (!validPrefix(prefix)) {
            throw new IllegalArgumentException("topic prefix '" + prefix + "' is not 1-200 of a-z A-Z 0-9 . _ -");
        }
    }

    public static boolean validPrefix(String prefix) {
        return prefix != null && LEGAL.matcher(prefix).matches();
    }

    /** {@value #DEFAULT_PREFIX} for the {@value ClusterId#DEFAULT} cluster (today's names), else {@code spotwise.<id>.}. */
    public static TopicNames forCluster(String clusterId) {
        return ClusterId.DEFAULT.equals(clusterId) ? DEFAULT : new TopicNames(DEFAULT_PREFIX + clusterId + ".");
    }

    public String workloads() {
        return of(Topics.WORKLOADS);
    }

    public String pods() {
        return of(Topics.PODS);
    }

    public String actions() {
        return of(Topics.ACTIONS);
    }

    public String outcomes() {
        return of(Topics.OUTCOMES);
    }

    public String deadLetter() {
        return of(Topics.DEAD_LETTER);
    }

    public String decisions() {
        return of(Topics.DECISIONS);
    }

    /** This cluster's name of a topic given by its role (a {@link Topics} constant). */
    public String of(String role) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("'" + role + "' is not one of " + ROLES);
        }
        return prefix + role.substring(DEFAULT_PREFIX.length());
    }

    /** The role (a {@link Topics} constant) of one of this cluster's topics; null for any other topic. */
    public String role(String topic) {
        for (String role : ROLES) {
            if (of(role).equals(topic)) {
                return role;
            }
        }
        return null;
    }

    /** Every topic of this cluster, in the order of {@link #specs}. */
    public List<String> all() {
        return ROLES.stream().map(this::of).toList();
    }

    /**
     * @param partitions         partitions of every topic (state topics must share it)
     * @param replicationFactor  replication factor for created topics
     * @param retention          retention of the delete-policy topics (actions, outcomes, dead letters, decisions)
     */
    public List<TopicSpec> specs(int partitions, short replicationFactor, Duration retention) {
        Map<String, String> compact = Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0");
        Map<String, String> delete = Map.of("cleanup.policy", "delete", "retention.ms", Long.toString(retention.toMillis()));
        return ROLES.stream().map(role -> new TopicSpec(of(role), partitions, replicationFactor,
                role.equals(Topics.WORKLOADS) || role.equals(Topics.PODS) ? compact : delete)).toList();
    }
}
