package io.spotwise.watcher.publish;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.FencedWriter;
import io.spotwise.contract.topic.Topics;
import io.spotwise.watcher.WatcherContext;
import io.spotwise.watcher.WatcherMetrics;
import io.spotwise.watcher.state.ClusterState;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the cached state to the two state topics when this replica leads. Level-based: a changed key is only marked
 * dirty ({@link DirtyKeys}), and its record is built from the cache when sent ({@link BatchBuilder}), so bursts
 * coalesce and a failed send is repaired by sending the latest state again.
 *
 * <p>Fenced: every leadership opens the {@link FencedWriter} ({@link #open()}, transactional.id
 * {@code spotwise-watcher}); its {@code initTransactions} aborts what a previous leader left open and fences it, so a
 * deposed watcher's late writes are never visible to the decider (read_committed). Each drained batch of up to
 * {@value #BATCH} keys is one transaction, acknowledged when committed. Up to {@value #TRANSACTIONS} transactions are
 * handed to the writer at once: one commits on the writer's thread while the next is built here. A fenced or broken
 * writer tells the owner, which steps down (or, without leader election, opens it again).
 *
 * <p>Everything here runs on the watcher's context; {@link #healthy()} and the gauges read volatile fields.
 */
public final class StatePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(StatePublisher.class);
    private static final int BATCH = 5000;
    private static final int TRANSACTIONS = 2;
    private static final int CHUNK = 500;
    /** The writer role's transactional id: one per role, so a new leader fences every earlier one. */
    public static final String TRANSACTIONAL_ID = "spotwise-watcher";

    private final WatcherContext context;
    private final FencedWriter writer;
    private final BatchBuilder builder;
    private final ClusterState state;
    private final WatcherMetrics metrics;
    private final PublishHealth health;
    private final DirtyKeys dirty = new DirtyKeys();
    private volatile boolean leading;
    private int transactions;
    private boolean drainQueued;
    private boolean building;
    /** Changes with every {@link #lead} and {@link #standBy}: a batch built across both is dropped. */
    private long term;
    private Runnable onRecovered = () -> {};

    public StatePublisher(WatcherContext context, ClusterState state, FencedWriter writer, int partitions, WatcherMetrics metrics,
                          Duration stallTimeout) {
        this(context, state, writer, partitions, metrics, stallTimeout, Fleet.DEFAULT);
    }

    /** @param fleet this cluster's topic names and id (docs/fleet.md) */
    public StatePublisher(WatcherContext context, ClusterState state, FencedWriter writer, int partitions, WatcherMetrics metrics,
                          Duration stallTimeout, Fleet fleet) {
        this.context = context;
        this.state = state;
        this.writer = writer;
        this.builder = new BatchBuilder(state, partitions, fleet);
        this.metrics = metrics;
        this.health = new PublishHealth(stallTimeout);
        metrics.pendingRecords(dirty, DirtyKeys::size);
        metrics.failedRecords(dirty, DirtyKeys::failedSize);
        metrics.leader(this, p -> p.leading ? 1 : 0);
    }

    /** Opens this leadership's writer: fences every earlier one. Read the topics back for {@link #lead} after it. */
    public Future<Void> open() {
        return writer.open().mapEmpty();
    }

    /** Told (on the context) when the first transaction after a failure is committed. */
    public void onRecovered(Runnable action) {
        this.onRecovered = action;
    }

    public void podChanged(String key) {
        changed(StateKey.of(Topics.PODS, key));
    }

    public void workloadChanged(String key) {
        changed(StateKey.of(Topics.WORKLOADS, key));
    }

    /** Starts publishing: every cached object and every live key found in the topics is published or tombstoned. */
    public void lead(StateTopics.Scan scan) {
        builder.load(Topics.PODS, scan.live(Topics.PODS));
        builder.load(Topics.WORKLOADS, scan.live(Topics.WORKLOADS));
        scan.strays().forEach(stray -> dirty.mark(stray, 0));
        term++;
        leading = true;
        int n = publishAll();
        LOG.info("Publishing full state as leader: {} keys ({} pods, {} workloads cached; {} pod and {} workload records found in the topics)",
                n, state.podCount(), state.workloadCount(), scan.live(Topics.PODS).size(), scan.live(Topics.WORKLOADS).size());
    }

    /** Stops publishing: queued keys are dropped and the writer released (what it is committing still ends). */
    public void standBy() {
        writer.release().onFailure(e -> LOG.warn("Releasing the {} producer: {}", TRANSACTIONAL_ID, e.toString()));
        term++;
        leading = false;
        dirty.clear();
    }

    public boolean isLeading() {
        return leading;
    }

    /** Marks every cached object and every key with a live record dirty; returns how many cached objects. */
    public int publishAll() {
        if (!leading) {
            return 0;
        }
        return markAll(Topics.WORKLOADS, state.workloadKeys()) + markAll(Topics.PODS, state.podKeys());
    }

    /** Failed keys go back to the queue: called periodically while the broker is failing. */
    public void retryFailed() {
        if (leading && dirty.retryFailed() > 0) {
            drainSoon();
        }
    }

    /** Transactions are being committed: none failed since the last success, and none has waited too long. Any thread. */
    public boolean healthy() {
        return health.healthy();
    }

    private void changed(StateKey key) {
        if (leading) {
            dirty.mark(key, System.nanoTime());
            drainSoon();
        }
    }

    private int markAll(String topic, List<String> cachedKeys) {
        cachedKeys.forEach(key -> dirty.mark(StateKey.of(topic, key), 0));
        builder.liveKeys(topic).forEach(key -> dirty.mark(StateKey.of(topic, key), 0));
        drainSoon();
        return cachedKeys.size();
    }

    /** Drains on the next turn, after the informer events already queued: a burst becomes one batch. */
    private void drainSoon() {
        if (!drainQueued) {
            drainQueued = true;
            context.context().runOnContext(v -> {
                drainQueued = false;
                drain();
            });
        }
    }

    /**
     * Starts the next transaction when the writer can take one. Its records are built {@value #CHUNK} keys per turn of
     * the event loop, so informer updates and timers run between the chunks of a large batch.
     */
    private void drain() {
        if (building || !leading || !writer.isOpen() || transactions >= TRANSACTIONS || dirty.isEmpty()) {
            return;
        }
        List<Map.Entry<StateKey, Long>> keys = dirty.drain(BATCH);
        building = true;
        build(keys, BatchBuilder.batch(keys.size()), 0, term);
    }

    private void build(List<Map.Entry<StateKey, Long>> keys, BatchBuilder.Batch batch, int from, long buildTerm) {
        if (buildTerm != term) {
            building = false; // stood down (or took over again) meanwhile: lead() queued every key again
            drainSoon();
            return;
        }
        int to = Math.min(keys.size(), from + CHUNK);
        builder.add(keys.subList(from, to), batch);
        if (to < keys.size()) {
            context.context().runOnContext(v -> build(keys, batch, to, buildTerm));
            return;
        }
        building = false;
        if (!batch.records().isEmpty()) {
            transact(keys, batch);
        }
        drainSoon();
    }

    private void transact(List<Map.Entry<StateKey, Long>> keys, BatchBuilder.Batch batch) {
        transactions++;
        health.sending(batch.sent().size());
        writer.write(batch.records()).onComplete(done -> {
            transactions--;
            health.ended(batch.sent().size());
            if (done.succeeded()) {
                batch.sent().forEach(this::acknowledged);
            } else {
                failed(keys, done.cause());
            }
            drainSoon();
        });
    }

    private void acknowledged(BatchBuilder.Sent s) {
        health.progressed();
        metrics.published(s.key().topic());
        if (s.changeNanos() != 0) {
            metrics.changeAcknowledged(s.changeNanos());
        }
        if (s.onAck() != null) {
            s.onAck().run();
        }
        if (health.recovered()) {
            LOG.info("Kafka acknowledges records again: republishing the full state");
            onRecovered.run();
        }
    }

    /** Nothing of the transaction is visible. Fenced: the owner steps down, no failure of Kafka's. Else: sent again. */
    private void failed(List<Map.Entry<StateKey, Long>> keys, Throwable error) {
        if (error instanceof ProducerFencedException || error instanceof InvalidProducerEpochException) {
            return;
        }
        if (health.failed()) {
            LOG.warn("Kafka did not commit a transaction of {} records ({}); not ready, they will be sent again", keys.size(), error.toString());
        }
        for (Map.Entry<StateKey, Long> k : keys) {
            metrics.sendFailed(k.getKey().topic());
            if (leading) {
                dirty.failed(k.getKey(), k.getValue());
            }
        }
    }
}
