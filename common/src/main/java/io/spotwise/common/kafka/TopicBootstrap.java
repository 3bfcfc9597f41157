package io.spotwise.common.kafka;

import io.spotwise.contract.topic.TopicSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up step of every service: creates missing topics with their specs and refuses, with one clear line, existing
 * topics whose settings would break the contract (wrong cleanup policy; state topics whose partition counts differ,
 * which would break co-partitioning). Blocking: call it before starting Vert.x work, or on a worker.
 */
public final class TopicBootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(TopicBootstrap.class);

    private TopicBootstrap() {
    }

    /** Thrown when an existing topic cannot be used; the message is the one line the service prints. */
    public static final class IncompatibleTopicException extends RuntimeException {
        public IncompatibleTopicException(String message) {
            super(message);
        }
    }

    /**
     * @param create create missing topics (false: only verify, fail when one is missing)
     */
    public static void ensure(Admin admin, List<TopicSpec> specs, boolean create, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                missing.add(new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.of(spec.replicationFactor())).configs(spec.configs()));
            }
        }
        if (!missing.isEmpty()) {
            if (!create) {
                throw new IncompatibleTopicException("Topics missing and topic creation is off (SPOTWISE_TOPIC_CREATE=false): "
                        + missing.stream().map(NewTopic::name).collect(Collectors.joining(", ")));
            }
            try {
                admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), timeoutMs);
                LOG.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // another service created it at the same moment: verify below like any existing topic
            }
        }
        verifyWithRetry(admin, specs, timeoutMs);
    }

    /** Freshly created topics take a moment to reach every broker's metadata. */
    private static void verifyWithRetry(Admin admin, List<TopicSpec> specs, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                verify(admin, specs, timeoutMs);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static void verify(Admin admin, List<TopicSpec> specs, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
        Collection<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        for (TopicSpec spec : specs) {
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            String policy = config.get("cleanup.policy") == null ? "delete" : config.get("cleanup.policy").value();
            if (!policy.equals(spec.cleanupPolicy())) {
                throw new IncompatibleTopicException("Topic " + spec.name() + " has cleanup.policy=" + policy + " but Spotwise needs "
                        + spec.cleanupPolicy() + "; fix it with: kafka-configs --alter --entity-type topics --entity-name "
                        + spec.name() + " --add-config cleanup.policy=" + spec.cleanupPolicy());
            }
        }
        // Compacted topics are the state topics: a workload and its pods are co-partitioned across them.
        List<String> state = specs.stream().filter(sp -> sp.cleanupPolicy().equals("compact")).map(TopicSpec::name).toList();
        Map<String, Integer> counts = state.stream().collect(Collectors.toMap(n -> n, n -> descriptions.get(n).partitions().size()));
        if (counts.values().stream().distinct().count() > 1) {
            throw new IncompatibleTopicException("Topics " + state.stream().map(n -> n + " (" + counts.get(n) + " partitions)")
                    .collect(Collectors.joining(" and ")) + " must have the same partition count: a workload and its pods are co-partitioned");
        }
    }

    /**
     * Waits until every partition of the topics has a leader that serves requests. An idempotent producer that writes to
     * a partition whose leader is not in place yet gets NOT_LEADER_OR_FOLLOWER and, with several batches in flight, can
     * then stall on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout drops the first batch (KAFKA-15591; seen
     * with the 3.7 client on a 4.1 broker): so nothing produces before this. A leader in the topic's metadata is not
     * enough: the broker answers with its metadata before its replica manager has the partition, and a produce in
     * between still meets NOT_LEADER_OR_FOLLOWER. So this also waits until every partition's leader answers a
     * ListOffsets, which goes through the same replica manager as a produce.
     */
    public static void awaitLeaders(Admin admin, List<String> topics, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            try {
                Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS);
                boolean ready = d.values().stream().allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null && !p.isr().isEmpty()));
                if (ready && served(admin, d.values(), timeoutMs)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topics + " have no leader serving requests after " + timeoutMs + " ms");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** True when every partition's leader answers a ListOffsets; false on a retriable error (not there yet). */
    private static boolean served(Admin admin, Collection<TopicDescription> topics, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription t : topics) {
            t.partitions().forEach(p -> latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest()));
        }
        try {
            admin.listOffsets(latest).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw e;
        }
    }

    /** The partition count of a topic, as the producer of the state topics needs it. */
    public static int partitions(Admin admin, String topic, long timeoutMs) throws InterruptedException, ExecutionException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS).get(topic).partitions().size();
    }
}
