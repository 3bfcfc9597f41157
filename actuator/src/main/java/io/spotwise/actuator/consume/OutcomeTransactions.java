package io.spotwise.actuator.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actuator's only writer to Kafka: a transactional producer ({@code transactional.id}
 * {@code spotwise-actuator-<instance>}) that publishes outcomes (write-ahead STARTED marks, terminal outcomes, dead
 * letters) together with the consumed offsets ({@code sendOffsetsToTransaction} with the consumer's group metadata,
 * KIP-447: a zombie whose group generation is gone cannot commit). Records wait here until a transaction carrying them
 * commits; a failed one is aborted and everything is retried in the next, a fenced or broken producer is replaced.
 * Used only on the consumer thread.
 */
public final class OutcomeTransactions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeTransactions.class);

    /** A record waiting for its transaction, with what to do once it committed or was given up. */
    record Pending(TopicPartition source, ProducerRecord<String, byte[]> record, Runnable onCommit, Runnable onDrop) {
    }

    private final Supplier<Producer<String, byte[]>> factory;
    private final BrokerReachability reachability;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<TopicPartition, Long> offsets = new HashMap<>();
    private Producer<String, byte[]> producer;
    private boolean initialized;
    private long retryAtNanos;
    private int failures;
    /** The batch whose commitTransaction timed out: only the commit is retried. */
    private Batch committing;

    public OutcomeTransactions(Supplier<Producer<String, byte[]>> factory, BrokerReachability reachability) {
        this.factory = factory;
        this.reachability = reachability;
    }

    void add(Pending p) {
        pending.add(p);
    }

    void offsets(Map<TopicPartition, Long> next) {
        next.forEach((tp, o) -> offsets.merge(tp, o, Math::max));
    }

    boolean hasWork() {
        return !pending.isEmpty() || !offsets.isEmpty();
    }

    /**
     * Commits everything waiting in one transaction. Returns the offsets committed (empty when nothing or on failure).
     * Blocks at most the producer's {@code max.block.ms}; after a failure waits a bounded backoff before the next try.
     */
    Map<TopicPartition, Long> flush(ConsumerGroupMetadata group, boolean force) {
        if (!hasWork() || (!force && System.nanoTime() < retryAtNanos)) {
            return Map.of();
        }
        if (committing == null) {
            if (!send(group)) {
                return Map.of();
            }
        }
        try {
            producer.commitTransaction();
        } catch (TimeoutException e) {
            // Its fate is decided by the coordinator: retry the commit itself, never abort and resend (duplicates).
            failed("commit timed out (" + e.getMessage() + "); retrying the commit", false);
            return Map.of();
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            failed("producer can no longer be used (" + e + "); replacing it", true);
            committing = null;
            return Map.of();
        } catch (KafkaException e) {
            failed("transaction failed (" + e + "); aborted, retrying", abort());
            committing = null;
            return Map.of();
        }
        Batch done = committing;
        committing = null;
        pending.removeAll(done.records());
        done.offsets().forEach((tp, o) -> offsets.remove(tp, o));
        done.records().forEach(p -> p.onCommit().run());
        failures = 0;
        reachability.reachable();
        return done.offsets();
    }

    private record Batch(List<Pending> records, Map<TopicPartition, Long> offsets) {
    }

    /** Begins a transaction with everything waiting; false (and aborted or replaced) on failure. */
    private boolean send(ConsumerGroupMetadata group) {
        Batch batch = new Batch(new ArrayList<>(pending), new HashMap<>(offsets));
        try {
            initialize();
            producer.beginTransaction();
            for (Pending p : batch.records()) {
                producer.send(p.record());
            }
            if (!batch.offsets().isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                batch.offsets().forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
                producer.sendOffsetsToTransaction(commit, group);
            }
            committing = batch;
            return true;
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            failed("producer can no longer be used (" + e + "); replacing it", true);
        } catch (KafkaException e) {
            failed("transaction failed (" + e + "); aborted, retrying", abort());
        }
        return false;
    }

    /**
     * Makes the producer ready before the first action is read. A replica restarted under the same instance name has its
     * predecessor's transactional id: {@code initTransactions} fences the predecessor and settles its last transaction
     * (completes one it had committed, aborts one it left open), so the completed-action memory's barriers see it
     * decided now instead of after the transaction timeout. On failure the next send tries again.
     */
    void init() {
        try {
            initialize();
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            failed("producer can no longer be used (" + e + "); replacing it", true);
        } catch (KafkaException e) {
            failed("initializing transactions failed (" + e + "); retrying at the first send", false);
        }
    }

    private void initialize() {
        if (producer == null) {
            producer = factory.get();
        }
        if (!initialized) {
            producer.initTransactions();
            initialized = true;
        }
    }

    /** Gives up what waits for partitions no longer ours: their actions are redelivered to the next owner. */
    void drop(Collection<TopicPartition> partitions) {
        pending.removeIf(p -> {
            if (partitions.contains(p.source()) && (committing == null || !committing.records().contains(p))) {
                p.onDrop().run();
                return true;
            }
            return false;
        });
        partitions.forEach(offsets::remove);
    }

    private boolean abort() {
        try {
            if (producer != null && initialized) {
                producer.abortTransaction();
            }
            return false;
        } catch (KafkaException e) {
            return true;
        }
    }

    private void failed(String why, boolean replace) {
        failures++;
        reachability.unreachable(why);
        if (failures == 1 || failures % 20 == 0) {
            LOG.warn("Outcome transaction: {} (failure {})", why, failures);
        }
        if (replace && producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
            initialized = false;
        }
        long backoffMillis = Math.min(5_000, 100L << Math.min(failures, 6));
        retryAtNanos = System.nanoTime() + backoffMillis * 1_000_000;
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
