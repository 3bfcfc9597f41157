package io.spotwise.watcher.publish;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.contract.topic.Topics;
import io.spotwise.common.kafka.WorkloadPartitioner;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.watcher.WatcherMetrics;
import io.spotwise.watcher.state.ClusterState;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the cached state to the two state topics, on one thread, when this replica leads. Level-based: a changed key
 * is only marked dirty, and its record is built from the cache when sent, so bursts coalesce and a failed send is
 * repaired by sending the latest state again. Partitions are set explicitly (a pod on its workload's partition);
 * the partition of each live record is remembered so that deletes and moves tombstone the right partition.
 *
 * <p>Fenced: every leadership opens a fresh transactional producer ({@link #open()}, transactional.id
 * {@code spotwise-watcher}); its {@code initTransactions} aborts what a previous leader left open and fences it, so a
 * deposed watcher's late writes are never visible to the decider (read_committed). Each drained batch of keys is one
 * transaction, acknowledged when committed. A fenced or broken producer is closed and reported to the owner, which
 * steps down (or, without leader election, opens a new one).
 */
public final class StatePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatePublisher.class);
    private static final String SERVICE = "watcher";
    private static final int BATCH = 5000;
    /** The writer role's transactional id (of the default cluster): one per role, so a new leader fences every earlier one. */
    public static final String TRANSACTIONAL_ID = "spotwise-watcher";

    /** One record of a transaction, acknowledged (or failed) when the transaction ends. */
    private record Sent(StateKey key, long changeNanos, Runnable onAck) {
    }

    /** The partition a live record was sent to; identity matters (a tombstone's ack removes only its own entry). */
    private static final class Placed {
        final int partition;

        Placed(int partition) {
            this.partition = partition;
        }
    }

    private final Fleet fleet;
    private final ClusterState state;
    private final BatchCommitter committer;
    private volatile Runnable onProducerLost = () -> { };
    private final int partitions;
    private final WatcherMetrics metrics;
    private final long stallNanos;
    private final DirtyKeys dirty = new DirtyKeys();
    private final Map<StateKey, Long> failed = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Placed>> placed = Map.of(Topics.PODS, new ConcurrentHashMap<>(), Topics.WORKLOADS, new ConcurrentHashMap<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Thread thread;
    private volatile boolean leading;
    private volatile boolean failing;
    private volatile boolean running = true;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile Runnable onRecovered = () -> { };

    /** @param producers makes a transactional producer ({@link ProducerSettings#transactional}), one per leadership */
    public StatePublisher(ClusterState state, Supplier<Producer<String, byte[]>> producers, int partitions, WatcherMetrics metrics,
                          Duration stallTimeout) {
        this(state, producers, partitions, metrics, stallTimeout, Fleet.DEFAULT);
    }

    /** @param fleet the cluster: records go to its topics with its id (state keys keep the topics' roles, {@link Topics}) */
    public StatePublisher(ClusterState state, Supplier<Producer<String, byte[]>> producers, int partitions, WatcherMetrics metrics,
                          Duration stallTimeout, Fleet fleet) {
        this.fleet = fleet;
        this.state = state;
        this.committer = new BatchCommitter(producers);
        this.partitions = partitions;
        this.metrics = metrics;
        this.stallNanos = stallTimeout.toNanos();
        this.thread = new Thread(this::loop, "watcher-publisher");
        this.thread.setDaemon(true);
        metrics.pendingRecords(dirty, DirtyKeys::size);
        metrics.failedRecords(failed, Map::size);
        metrics.leader(this, p -> p.leading ? 1 : 0);
    }

    public void start() {
        thread.start();
    }

    /** Told (on the commit thread) when the producer was fenced or broke: it is closed, nothing more is written. */
    public void onProducerLost(Runnable action) {
        this.onProducerLost = action;
    }

    /**
     * Opens this leadership's producer: {@code initTransactions} fences every earlier writer. Blocking; call before
     * reading the topics back for {@link #lead}, so that what is read is final.
     */
    public void open() {
        committer.open();
        LOG.info("Publishing as {} (every earlier writer with this id is fenced)", fleet.kafkaId(ProducerSettings.SERVICE));
    }

    /** Called (off the publisher thread) when the first send after a failure is acknowledged. */
    public void onRecovered(Runnable action) {
        this.onRecovered = action;
    }

    public void podChanged(String key) {
        if (leading) {
            dirty.mark(StateKey.of(Topics.PODS, key), System.nanoTime());
        }
    }

    public void workloadChanged(String key) {
        if (leading) {
            dirty.mark(StateKey.of(Topics.WORKLOADS, key), System.nanoTime());
        }
    }

    /**
     * Starts publishing: {@code pods} and {@code workloads} are the live keys found in the state topics; every one of
     * them and every cached object is published (or tombstoned when gone).
     */
    public void lead(StateTopics.Scan pods, StateTopics.Scan workloads) {
        load(Topics.PODS, pods);
        load(Topics.WORKLOADS, workloads);
        leading = true;
        int n = publishAll();
        LOG.info("Publishing full state as leader: {} keys ({} pods, {} workloads cached; {} pod and {} workload records found in the topics)",
                n, state.podCount(), state.workloadCount(), pods.live().size(), workloads.live().size());
    }

    public void standBy() {
        leading = false;
        dirty.clear();
        failed.clear();
        committer.release();
    }

    public boolean isLeading() {
        return leading;
    }

    /** Marks every cached object and every key with a live record dirty; returns how many keys. */
    public int publishAll() {
        if (!leading) {
            return 0;
        }
        int n = 0;
        n += markAll(Topics.WORKLOADS, state.workloadKeys());
        n += markAll(Topics.PODS, state.podKeys());
        return n;
    }

    /** Failed keys go back to the queue: called periodically while the broker is failing. */
    public void retryFailed() {
        if (failed.isEmpty()) {
            return;
        }
        for (StateKey key : List.copyOf(failed.keySet())) {
            Long nanos = failed.remove(key);
            if (leading && nanos != null) {
                dirty.mark(key, nanos);
            }
        }
    }

    /** Sends are being acknowledged: none failed since the last success, and none has been waiting too long. */
    public boolean healthy() {
        return !failing && (inFlight.get() == 0 || System.nanoTime() - lastProgressNanos < stallNanos);
    }

    public int pending() {
        return dirty.size() + failed.size() + inFlight.get();
    }

    private int markAll(String topic, List<String> cachedKeys) {
        Map<String, Placed> onTopic = placed.get(topic);
        for (String key : cachedKeys) {
            dirty.mark(StateKey.of(topic, key), 0);
        }
        for (String key : onTopic.keySet()) {
            dirty.mark(StateKey.of(topic, key), 0);
        }
        return cachedKeys.size();
    }

    private void load(String topic, StateTopics.Scan scan) {
        Map<String, Placed> onTopic = placed.get(topic);
        onTopic.clear();
        scan.live().forEach((key, partition) -> onTopic.put(key, new Placed(partition)));
        scan.strays().forEach(stray -> dirty.mark(stray, 0));
    }

    private void loop() {
        while (running) {
            try {
                if (!leading || !committer.isOpen()) {
                    committer.awaitPrevious();
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                    continue;
                }
                List<Map.Entry<StateKey, Long>> batch = dirty.drain(BATCH, 500);
                if (!batch.isEmpty()) {
                    transaction(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Publisher loop failed; continuing", e);
            }
        }
    }

    /** Builds one batch's records from the cache and hands them to the committer: one transaction, all or nothing. */
    private void transaction(List<Map.Entry<StateKey, Long>> batch) throws InterruptedException {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(batch.size() + 8);
        List<Sent> sent = new ArrayList<>(batch.size() + 8);
        for (Map.Entry<StateKey, Long> e : batch) {
            publish(e.getKey(), e.getValue(), records, sent);
        }
        if (inFlight.getAndAdd(sent.size()) == 0) {
            lastProgressNanos = System.nanoTime();
        }
        committer.submit(records, new BatchCommitter.Result() {
            @Override
            public void committed() {
                inFlight.addAndGet(-sent.size());
                sent.forEach(s -> acknowledged(s.key(), s.changeNanos(), s.onAck()));
            }

            @Override
            public void failed(Exception e) {
                inFlight.addAndGet(-sent.size());
                batch.forEach(b -> StatePublisher.this.failed(b.getKey(), b.getValue(), e));
            }

            @Override
            public void lost(Exception e) {
                inFlight.addAndGet(-sent.size());
                onProducerLost.run();
            }
        });
    }

    private void publish(StateKey key, long changeNanos, List<ProducerRecord<String, byte[]>> records, List<Sent> sent) {
        Instant now = Instant.now();
        SpotwiseRecord current;
        int partition;
        if (key.topic().equals(Topics.PODS)) {
            PodSnapshot pod = state.podSnapshot(key.key(), now);
            current = pod;
            partition = pod == null ? -1 : WorkloadPartitioner.forPod(pod, partitions);
        } else {
            WorkloadSnapshot workload = state.workloadSnapshot(key.key(), now);
            current = workload;
            partition = workload == null ? -1 : WorkloadPartitioner.forWorkload(workload.workload(), partitions);
        }
        if (key.isStray()) {
            if (partition != key.strayPartition()) {
                send(key, key.strayPartition(), null, now, changeNanos, null, records, sent);
            }
            return;
        }
        Map<String, Placed> onTopic = placed.get(key.topic());
        Placed previous = onTopic.get(key.key());
        if (current == null) {
            if (previous != null) {
                logGone(key);
                send(key, previous.partition, null, now, changeNanos, () -> onTopic.remove(key.key(), previous), records, sent);
            }
            return;
        }
        if (previous != null && previous.partition != partition) {
            StateKey stray = new StateKey(key.topic(), key.key(), previous.partition);
            send(stray, previous.partition, null, now, 0, null, records, sent);
        }
        if (previous == null || previous.partition != partition) {
            onTopic.put(key.key(), new Placed(partition));
        }
        send(key, partition, current, now, changeNanos, null, records, sent);
    }

    private void send(StateKey key, int partition, SpotwiseRecord value, Instant now, long changeNanos, Runnable onAck,
                             List<ProducerRecord<String, byte[]>> records, List<Sent> sent) {
        List<KafkaHeader> ce = value == null ? CloudEventHeaders.forTombstone(fleet, SERVICE, now) : CloudEventHeaders.forRecord(fleet, value, SERVICE, null, now);
        List<Header> headers = ce.stream().<Header>map(h -> new RecordHeader(h.key(), h.value().getBytes())).toList();
        records.add(new ProducerRecord<>(fleet.topics().of(key.topic()), partition, key.key(), value == null ? null : RecordCodec.encode(value), headers));
        sent.add(new Sent(key, changeNanos, onAck));
    }

    private void acknowledged(StateKey key, long changeNanos, Runnable onAck) {
        lastProgressNanos = System.nanoTime();
        metrics.published(key.topic());
        if (changeNanos != 0) {
            metrics.changeAcknowledged(changeNanos);
        }
        if (onAck != null) {
            onAck.run();
        }
        if (failing) {
            failing = false;
            LOG.info("Kafka acknowledges records again: republishing the full state");
            onRecovered.run();
        }
    }

    private void failed(StateKey key, long changeNanos, Exception error) {
        metrics.sendFailed(key.topic());
        if (!failing) {
            LOG.warn("Kafka did not acknowledge a record of {} on {}: {}; not ready, records will be sent again",
                    key.key(), key.topic(), error.toString());
        }
        failing = true;
        failed.merge(key, changeNanos, (a, b) -> a == 0 ? b : b == 0 ? a : Math.min(a, b));
    }

    private static void logGone(StateKey key) {
        if (key.topic().equals(Topics.WORKLOADS)) {
            LOG.info("{} is gone: tombstone", WorkloadRef.parseKey(key.key()));
        } else {
            LOG.debug("Pod({}) is gone: tombstone", key.key());
        }
    }

    @Override
    public void close() {
        running = false;
        dirty.wakeUp();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        committer.close();
    }
}
