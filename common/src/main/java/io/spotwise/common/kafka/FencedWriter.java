package io.spotwise.common.kafka;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writes of a leader, fenced by Kafka: a transactional producer with the writer role's stable
 * {@code transactional.id}. {@link #open()} (on becoming leader) runs {@code initTransactions}, which aborts whatever a
 * previous holder of the id left open and fences it: from then on none of its sends can be committed, whatever its
 * clock or its view of the Lease says. Each {@link #write} is one transaction. When this writer is fenced in turn, or
 * its producer can no longer end a transaction (a commit still timing out after {@link #COMMIT_ATTEMPTS} tries, an
 * abort refused), {@code onFenced} is told once and the producer is closed; the owner steps down and may
 * {@link #open()} again.
 *
 * <p>Blocking producer calls run on one thread of their own; futures complete on {@code context}.
 */
public final class FencedWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FencedWriter.class);
    /** Tries of a timed-out commit (each waits up to {@code max.block.ms}) before the producer is given up. */
    static final int COMMIT_ATTEMPTS = 3;

    private final Map<String, String> kafka;
    private final String transactionalId;
    private final String clientId;
    private final Context context;
    private final Runnable onFenced;
    private final ExecutorService thread;
    private volatile Producer<String, byte[]> producer;
    private volatile long epoch = -1;

    /** @param kafka pass-through client settings ({@code KAFKA_*}) */
    public FencedWriter(Map<String, String> kafka, String transactionalId, String clientId, Context context, Runnable onFenced) {
        this.kafka = kafka;
        this.transactionalId = transactionalId;
        this.clientId = clientId;
        this.context = context;
        this.onFenced = onFenced;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fenced-writer-" + transactionalId);
            t.setDaemon(true);
            return t;
        });
    }

    /** The producer settings of a writer role: common's, plus the transactional id (idempotent, acks=all). */
    public static Map<String, Object> producerConfig(Map<String, String> kafka, String transactionalId, String clientId) {
        Map<String, Object> c = new HashMap<>(KafkaClients.producerConfig(kafka, clientId));
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        c.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        c.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        c.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        // a SIGKILLed leader's open transaction holds read_committed readers back until this (or its successor's init)
        c.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
        return c;
    }

    /**
     * Starts a leadership's writes: a fresh producer, {@code initTransactions} (fencing every earlier holder), then the
     * epoch read back. Completes with the epoch.
     */
    public Future<Long> open() {
        return call(() -> {
            closeProducer();
            KafkaProducer<String, byte[]> p = new KafkaProducer<>(producerConfig(kafka, transactionalId, clientId));
            try {
                p.initTransactions();
                epoch = readEpoch();
            } catch (Exception e) {
                p.close(Duration.ZERO);
                throw e;
            }
            producer = p;
            LOG.info("Writing as {} with leader epoch {} (every earlier writer with this id is fenced)", transactionalId, epoch);
            return epoch;
        });
    }

    /** True between a successful {@link #open()} and the step-down or fencing. */
    public boolean isOpen() {
        return producer != null;
    }

    /** The epoch of this leadership: strictly greater than every earlier holder's; -1 when not open. */
    public long epoch() {
        return producer == null ? -1 : epoch;
    }

    /** Writes the records in one transaction: all of them become visible to read_committed readers, or none. */
    public Future<Void> write(List<ProducerRecord<String, byte[]>> records) {
        Producer<String, byte[]> p = producer;
        if (p == null || records.isEmpty()) {
            return p == null ? Future.failedFuture(new IllegalStateException(transactionalId + " is not open for writing")) : Future.succeededFuture();
        }
        return call(() -> {
            if (producer != p) {
                throw new IllegalStateException(transactionalId + " stepped down before the write");
            }
            try {
                p.beginTransaction();
                records.forEach(r -> p.send(r));
                commit(p);
                return null;
            } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                     | AuthorizationException | UnsupportedVersionException e) {
                fenced(p, e);
                throw e;
            } catch (KafkaException e) {
                if (producer == p) {
                    abort(p, e);
                }
                throw e;
            } catch (IllegalStateException e) {
                broken(p, e); // the producer refuses every transactional call from now on
                throw e;
            }
        });
    }

    /**
     * A commit that timed out has an outcome only the coordinator knows: Kafka allows nothing but retrying
     * {@code commitTransaction} (an abort or a new transaction is refused). After {@link #COMMIT_ATTEMPTS} the producer
     * is given up: the owner steps down, and the next holder's {@code initTransactions} settles the transaction.
     */
    private void commit(Producer<String, byte[]> p) {
        for (int attempt = 1;; attempt++) {
            try {
                p.commitTransaction();
                return;
            } catch (TimeoutException e) {
                if (attempt >= COMMIT_ATTEMPTS || producer != p) {
                    broken(p, e);
                    throw new KafkaException("commit of " + transactionalId + " timed out " + attempt
                            + " times; its records may or may not be visible", e);
                }
                LOG.warn("Commit of {} timed out (attempt {} of {}: {}); retrying the commit", transactionalId, attempt,
                        COMMIT_ATTEMPTS, e.getMessage());
            }
        }
    }

    /** Ends this leadership's writes (step-down): the producer is closed, nothing more is written. */
    public Future<Void> release() {
        return call(() -> {
            closeProducer();
            return null;
        });
    }

    @Override
    public void close() {
        try {
            thread.submit(this::closeProducer).get();
        } catch (Exception e) {
            LOG.warn("Closing the {} producer: {}", transactionalId, e.toString());
        }
        thread.shutdown();
    }

    private void fenced(Producer<String, byte[]> p, KafkaException e) {
        LOG.warn("{} was fenced ({}): another leader writes now; stepping down", transactionalId, e.toString());
        if (producer == p) {
            closeProducer();
            context.runOnContext(v -> onFenced.run());
        }
    }

    private void abort(Producer<String, byte[]> p, KafkaException cause) {
        LOG.warn("Transaction of {} failed ({}); aborting it, nothing of it is visible", transactionalId, cause.toString());
        try {
            p.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            broken(p, e);
        }
    }

    /** The producer cannot go on (fenced, or its transaction cannot be ended): closed, and the owner steps down. */
    private void broken(Producer<String, byte[]> p, RuntimeException e) {
        if (producer != p) {
            return;
        }
        LOG.warn("{} can no longer write ({}); giving up this producer: stepping down, a new leadership starts with "
                + "initTransactions", transactionalId, e.toString());
        closeProducer();
        context.runOnContext(v -> onFenced.run());
    }

    private void closeProducer() {
        Producer<String, byte[]> p = producer;
        producer = null;
        epoch = -1;
        if (p != null) {
            p.close(Duration.ofSeconds(1));
        }
    }

    /** Reads the producer id and epoch Kafka holds for the id: (id, epoch) only grows, so it orders the leaders. */
    private long readEpoch() throws Exception {
        try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, clientId + "-epoch"))) {
            TransactionDescription d = admin.describeTransactions(List.of(transactionalId)).description(transactionalId).get();
            return (d.producerId() << 16) | (d.producerEpoch() & 0xffff);
        }
    }

    private <T> Future<T> call(Callable<T> work) {
        Promise<T> promise = Promise.promise();
        thread.execute(() -> {
            try {
                T result = work.call();
                context.runOnContext(v -> promise.complete(result));
            } catch (Exception e) {
                context.runOnContext(v -> promise.fail(e));
            }
        });
        return promise.future();
    }
}
