package io.spotwise.actuator.consume;

import io.micrometer.core.instrument.MeterRegistry;
import io.spotwise.actuator.StartupLog;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.fleet.ForeignRecords;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code spotwise.outcomes} (read_committed, no group) from {@code window} ago for as long as the actuator
 * runs, feeding {@link CompletedActions}. {@link #barrier()} completes once everything in the log at the call has been
 * decided and what was committed read: the consumer holds a newly assigned partition's actions until then, so the
 * previous owner's last outcomes and STARTED marks are known before anything is redone. Also the actuator's probe of broker reachability.
 */
public final class OutcomeFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeFollower.class);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(2);

    private final KafkaConsumer<String, byte[]> consumer;
    /** read_uncommitted, never assigned: only asked for the log end, which counts transactions still being decided. */
    private final KafkaConsumer<String, byte[]> logEnd;
    private final CompletedActions memory;
    private final BrokerReachability reachability;
    private final Duration window;
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> barrierRequests = new ConcurrentLinkedQueue<>();
    private final List<Waiting> waiting = new ArrayList<>();
    private final Thread thread;
    private final String topic;
    private final ForeignRecords foreign;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private List<TopicPartition> partitions = List.of();

    private record Waiting(Map<TopicPartition, Long> ends, CompletableFuture<Void> done) {
    }

    public OutcomeFollower(Map<String, Object> consumerConfig, CompletedActions memory, BrokerReachability reachability,
                           Duration window) {
        this(consumerConfig, memory, reachability, window, Fleet.DEFAULT, null);
    }

    /** @param registry counts other clusters' outcomes (ignored); null: not counted */
    public OutcomeFollower(Map<String, Object> consumerConfig, CompletedActions memory, BrokerReachability reachability,
                           Duration window, Fleet fleet, MeterRegistry registry) {
        this.topic = fleet.topics().outcomes();
        this.foreign = new ForeignRecords(fleet.cluster(), registry, topic);
        Map<String, Object> c = new HashMap<>(consumerConfig);
        c.put("isolation.level", "read_committed");
        c.remove("group.id");
        c.remove("group.instance.id");
        this.consumer = new KafkaConsumer<>(c);
        Map<String, Object> e = new HashMap<>(c);
        e.put("isolation.level", "read_uncommitted");
        e.computeIfPresent("client.id", (k, v) -> v + "-log-end");
        this.logEnd = new KafkaConsumer<>(e);
        this.memory = memory;
        this.reachability = reachability;
        this.window = window;
        this.thread = new Thread(this::run, "spotwise-outcome-follower");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** The memory holds every outcome committed before the actuator started (within the window). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** False once the following loop died on an error while it should run: liveness. */
    public boolean alive() {
        return !running || thread.isAlive() || thread.getState() == Thread.State.NEW;
    }

    /**
     * Completes once every outcome committed before this call, or in a transaction open at this call and committed since,
     * is in the memory: it waits for such a transaction to be decided (at most the writers' transaction timeout).
     */
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        barrierRequests.add(f);
        return f;
    }

    private void run() {
        long nextProbe = 0;
        CompletableFuture<Void> initial = barrier();
        try {
            while (running) {
                try {
                    if (partitions.isEmpty() && !assignFromWindow()) {
                        Thread.sleep(1_000); // the topic does not exist yet (created by another service): look again
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        if (foreign.ours(r)) {
                            remember(r);
                        }
                    }
                    if (System.nanoTime() >= nextProbe || !barrierRequests.isEmpty()) {
                        takeBarrierRequests();
                        nextProbe = System.nanoTime() + PROBE_EVERY.toNanos();
                    }
                    releaseBarriers();
                    if (!caughtUp && initial.isDone()) {
                        caughtUp = true;
                        LOG.info("Completed-action memory caught up with {}: {} action ids", topic, memory.size());
                        StartupLog.step("completed-action memory caught up");
                    }
                } catch (TimeoutException e) {
                    reachability.unreachable("reading " + topic + ": " + e.getMessage());
                }
            }
        } catch (WakeupException e) {
            LOG.debug("Outcome follower woken up to stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KafkaException e) {
            LOG.error("Outcome follower stopped: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            logEnd.close(Duration.ofSeconds(5));
        }
    }

    private boolean assignFromWindow() {
        List<TopicPartition> tps = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        if (tps.isEmpty()) {
            return false;
        }
        consumer.assign(tps);
        // Kafka record timestamps are wall-clock time whatever the service's clock says.
        long since = System.currentTimeMillis() - window.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        tps.forEach(tp -> query.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(10));
        Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(10));
        for (TopicPartition tp : tps) {
            OffsetAndTimestamp start = starts.get(tp);
            consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
        }
        partitions = tps;
        reachability.reachable();
        return true;
    }

    private void takeBarrierRequests() {
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (CompletableFuture<Void> f; (f = barrierRequests.poll()) != null;) {
            requests.add(f);
        }
        // The log end, not the last stable offset: a transaction whose records are in the log may still be committed
        // (its EndTxn sent by a replica SIGKILLed since, its markers not yet written: chaos V11). A read_committed
        // position reaches the log end only once every transaction below it is decided, and what was committed is read.
        Map<TopicPartition, Long> ends;
        try {
            ends = logEnd.endOffsets(partitions, Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            barrierRequests.addAll(requests); // broker away: asked again at the next turn, never dropped (chaos V7)
            throw e;
        }
        reachability.reachable();
        requests.forEach(f -> waiting.add(new Waiting(ends, f)));
    }

    private void releaseBarriers() {
        waiting.removeIf(w -> {
            for (Map.Entry<TopicPartition, Long> e : w.ends().entrySet()) {
                if (consumer.position(e.getKey(), Duration.ofSeconds(5)) < e.getValue()) {
                    return false;
                }
            }
            w.done().complete(null);
            return true;
        });
    }

    private void remember(ConsumerRecord<String, byte[]> r) {
        try {
            Outcome o = RecordCodec.decode(r.value(), Outcome.class, r.topic(), r.partition(), r.offset());
            if (o.result() == OutcomeResult.STARTED) {
                memory.started(o.actionId());
            } else {
                memory.add(o.actionId());
            }
        } catch (RecordReadException e) {
            LOG.debug("Skipping unreadable outcome {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
        barrierRequests.forEach(f -> f.cancel(false));
    }
}
