package io.spotwise.watcher.publish;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watcher's fenced writes: one transactional producer per leadership ({@link #open()}: {@code initTransactions}
 * fences every earlier holder of {@code spotwise-watcher}), one transaction per batch. Transactions are committed on a
 * thread of their own, one at a time and in order, so the publisher builds the next batch while the broker
 * acknowledges this one (without it the initial publish ran at 65 % of the non-transactional rate).
 */
final class BatchCommitter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchCommitter.class);

    /** What became of a batch; called on the commit thread. */
    interface Result {
        void committed();

        /** Nothing of the batch is visible; it may be sent again. */
        void failed(Exception e);

        /** The producer was fenced or broke and is closed: nothing more is written with it. */
        void lost(Exception e);
    }

    private final Supplier<Producer<String, byte[]>> producers;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "watcher-commit");
        t.setDaemon(true);
        return t;
    });
    private volatile Producer<String, byte[]> producer;
    private Future<?> previous;

    BatchCommitter(Supplier<Producer<String, byte[]>> producers) {
        this.producers = producers;
    }

    /** A fresh producer; its {@code initTransactions} fences every earlier writer. Blocking. */
    void open() {
        close(producer);
        Producer<String, byte[]> p = producers.get();
        try {
            p.initTransactions();
        } catch (KafkaException e) {
            p.close(Duration.ZERO);
            throw e;
        }
        producer = p;
    }

    boolean isOpen() {
        return producer != null;
    }

    /** Stops writing: the producer is closed; a batch being committed fails. */
    void release() {
        close(producer);
    }

    /**
     * Commits {@code records} in one transaction after the previous batch ended; waits for that one, not for this.
     * Called by one thread (the publisher's).
     */
    void submit(List<ProducerRecord<String, byte[]>> records, Result result) throws InterruptedException {
        Producer<String, byte[]> p = producer;
        awaitPrevious();
        if (p == null || producer != p) {
            result.failed(new IllegalStateException("the producer changed before the batch was written"));
            return;
        }
        previous = thread.submit(() -> commit(p, records, result));
    }

    /** Waits until every submitted batch ended. */
    void awaitPrevious() throws InterruptedException {
        if (previous != null) {
            try {
                previous.get();
            } catch (ExecutionException e) {
                LOG.error("Commit of a batch failed unexpectedly", e.getCause());
            }
            previous = null;
        }
    }

    private void commit(Producer<String, byte[]> p, List<ProducerRecord<String, byte[]>> records, Result result) {
        try {
            p.beginTransaction();
            records.forEach(p::send);
            p.commitTransaction();
            result.committed();
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException | IllegalStateException e) {
            lose(p, e, result);
        } catch (KafkaException e) {
            result.failed(e);
            try {
                p.abortTransaction();
            } catch (KafkaException abortFailed) {
                lose(p, abortFailed, result);
            }
        }
    }

    private void lose(Producer<String, byte[]> p, Exception e, Result result) {
        if (producer != p) {
            result.failed(e); // released or replaced meanwhile: not this producer's loss to report
            return;
        }
        LOG.warn("The spotwise-watcher producer can no longer write ({}): a newer leader fenced it, or it broke", e.toString());
        close(p);
        result.lost(e);
    }

    private synchronized void close(Producer<String, byte[]> p) {
        if (p != null) {
            if (producer == p) {
                producer = null;
            }
            p.close(Duration.ZERO);
        }
    }

    @Override
    public void close() {
        release();
        thread.shutdownNow();
    }
}
