package io.spotwise.actuator.consume;

import io.micrometer.core.instrument.MeterRegistry;
import io.spotwise.actuator.ActionExecutor;
import io.spotwise.actuator.ActuatorMetrics;
import io.spotwise.actuator.StartupLog;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.fleet.ForeignRecords;
import io.spotwise.contract.Action;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge between {@code spotwise.actions} and the executor: one dedicated thread runs a loop that never blocks on
 * the Kubernetes API — poll, admit records, start what {@link LanePlanner} allows (executions run on the Vert.x worker
 * pool and report back through an inbox), and commit outcomes with offsets in one transaction
 * ({@link OutcomeTransactions}). Partitions with too much unfinished work are paused, never left unpolled, so the
 * group never waits on us. A partition taken away in a rebalance is handed over only after its executing actions
 * finished and their outcomes and offsets are committed ({@link TaskRunner#revoke}).
 */
public final class ActionConsumer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActionConsumer.class);

    /** What a record of another cluster decodes to: neither an action nor a dead letter. */
    private static final Object FOREIGN = new Object();
    private final KafkaConsumer<String, byte[]> consumer;
    private final TaskRunner runner;
    private final LinkedBlockingQueue<Runnable> inbox;
    private final ActuatorMetrics metrics;
    private final BrokerReachability reachability;
    private final OutcomeFollower follower;
    private final OutcomeTransactions transactions;
    private final int pauseAbove;
    private final Thread thread;
    private final String topic;
    private final ForeignRecords foreign;
    private final Set<TopicPartition> paused = new HashSet<>();
    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile boolean failed;

    public ActionConsumer(Map<String, Object> consumerConfig, TaskRunner.Settings settings, ActionExecutor executor,
                          OutcomeTransactions transactions, CompletedActions memory, OutcomeFollower follower,
                          BrokerReachability reachability, ActuatorMetrics metrics, Clock clock, Fleet fleet, MeterRegistry registry) {
        this.consumer = new KafkaConsumer<>(consumerConfig);
        this.topic = fleet.topics().actions();
        this.foreign = new ForeignRecords(fleet.cluster(), registry, topic);
        this.inbox = new LinkedBlockingQueue<>();
        this.runner = new TaskRunner(settings, executor, transactions, memory, follower, metrics, clock, inbox, consumer::groupMetadata, fleet);
        this.metrics = metrics;
        this.reachability = reachability;
        this.follower = follower;
        this.transactions = transactions;
        this.pauseAbove = settings.pauseAbove();
        this.thread = new Thread(this::run, "spotwise-action-consumer");
    }

    public void start() {
        thread.start();
    }

    /** False once the loop died for good while it should run: liveness, so the pod is restarted. */
    public boolean alive() {
        return !failed && (!running || thread.isAlive() || thread.getState() == Thread.State.NEW);
    }

    /** Joined the group with partitions, the completed-action memory caught up, and Kafka reachable. */
    public boolean ready() {
        return assigned && thread.isAlive() && follower.caughtUp() && reachability.isReachable();
    }

    private void run() {
        try {
            transactions.init(); // before any action is read: settles what a predecessor with our id left open
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                try {
                    step();
                } catch (WakeupException e) {
                    LOG.debug("Action consumer woken up");
                } catch (FencedInstanceIdException e) {
                    throw e; // another process runs with our SPOTWISE_INSTANCE: never act beside it
                } catch (KafkaException e) {
                    reachability.unreachable(e.toString());
                    LOG.warn("Action consumer: {}; retrying", e.toString());
                    waitInbox(500);
                }
            }
            runner.revoke(new ArrayList<>(consumer.assignment()), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failed = true;
            LOG.error("Action consumer stopped for good: {}", e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            runner.close();
        }
    }

    private void step() throws InterruptedException {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(runner.busy() ? 10 : 100))) {
            // another cluster's action is never carried out: admitted as done, so its offset is committed
            Object decoded = foreign.ours(r) ? decode(r) : FOREIGN;
            runner.admit(new TopicPartition(r.topic(), r.partition()), r.offset(), r.key(), r.value(), decoded);
        }
        drainInbox();
        runner.startReady();
        runner.commit(false);
        pauseOrResume();
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            lag += consumer.currentLag(tp).orElse(0);
        }
        metrics.consumerLag(lag);
        if (ready()) {
            StartupLog.step("ready");
        }
    }

    private Object decode(ConsumerRecord<String, byte[]> r) {
        try {
            return RecordCodec.decode(r.value(), Action.class, r.topic(), r.partition(), r.offset());
        } catch (RecordReadException e) {
            return e;
        }
    }

    private void drainInbox() {
        for (Runnable r; (r = inbox.poll()) != null;) {
            r.run();
        }
    }

    private void waitInbox(long millis) throws InterruptedException {
        Runnable r = inbox.poll(millis, TimeUnit.MILLISECONDS);
        if (r != null) {
            r.run();
        }
    }

    private void pauseOrResume() {
        List<TopicPartition> toPause = new ArrayList<>();
        List<TopicPartition> toResume = new ArrayList<>();
        for (TopicPartition tp : consumer.assignment()) {
            int unfinished = runner.unfinished(tp);
            if (unfinished > pauseAbove && paused.add(tp)) {
                toPause.add(tp);
            } else if (unfinished <= pauseAbove / 2 && paused.remove(tp)) {
                toResume.add(tp);
            }
        }
        if (!toPause.isEmpty()) {
            LOG.info("Pausing action partitions {}: more than {} actions unfinished", toPause, pauseAbove);
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            LOG.info("Giving up action partitions {}", partitions);
            paused.removeAll(partitions);
            runner.revoke(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            LOG.warn("Lost action partitions {} (group generation ended): unfinished actions go to the next owner", partitions);
            paused.removeAll(partitions);
            runner.revoke(partitions, false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.info("Reading action partitions {}", partitions);
            StartupLog.step("consumer group joined");
            runner.assigned(partitions);
            assigned = true;
        }
    }

    /** Stops after finishing the executing actions (bounded) and committing their outcomes; the group takes over the rest. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        inbox.add(() -> {});
        thread.join(TimeUnit.SECONDS.toMillis(60));
    }
}
