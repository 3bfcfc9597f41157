package io.spotwise.actuator.consume;

import io.spotwise.actuator.ActionCancelled;
import io.spotwise.actuator.ActionExecutor;
import io.spotwise.actuator.ActionRun;
import io.spotwise.actuator.ActuatorMetrics;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.logging.ActionLog;
import io.spotwise.contract.Action;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.serde.RecordReadException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actions of the partitions this replica owns, from admission to committed outcome. Everything here runs on the
 * consumer thread; executions report back through the inbox. See {@link ActionConsumer}.
 */
public final class TaskRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    /**
     * @param pauseAbove  unfinished actions per partition above which it is paused (resumed at half)
     * @param revokeGrace how long a partition taken away waits for its executing actions
     */
    public record Settings(int fallbackParallelism, int rebalanceParallelism, int pauseAbove, Duration revokeGrace) {
    }

    private final Settings settings;
    private final ActionExecutor executor;
    private final OutcomeTransactions transactions;
    private final CompletedActions memory;
    private final OutcomeFollower follower;
    private final ActuatorMetrics metrics;
    private final Clock clock;
    private final LinkedBlockingQueue<Runnable> inbox;
    private final Supplier<ConsumerGroupMetadata> group;
    private final OutcomeRecords records;
    private final PartitionLedger ledger = new PartitionLedger();
    private final LanePlanner planner;
    private final Map<TopicPartition, CompletableFuture<Void>> caughtUp = new HashMap<>();
    private final Set<ActionTask> running = new HashSet<>();

    TaskRunner(Settings settings, ActionExecutor executor, OutcomeTransactions transactions, CompletedActions memory,
               OutcomeFollower follower, ActuatorMetrics metrics, Clock clock, LinkedBlockingQueue<Runnable> inbox,
               Supplier<ConsumerGroupMetadata> group, Fleet fleet) {
        this.records = new OutcomeRecords("actuator", fleet);
        this.settings = settings;
        this.executor = executor;
        this.transactions = transactions;
        this.memory = memory;
        this.follower = follower;
        this.metrics = metrics;
        this.clock = clock;
        this.inbox = inbox;
        this.group = group;
        this.planner = new LanePlanner(settings.fallbackParallelism(), settings.rebalanceParallelism());
        metrics.gauge("spotwise.actuator.actions.in.flight", "actions received and not yet done", running::size);
    }

    boolean busy() {
        return !running.isEmpty() || planner.queuedCount() > 0 || transactions.hasWork();
    }

    int unfinished(TopicPartition tp) {
        return ledger.unfinished(tp);
    }

    /** New partitions: their actions wait until the memory has read every outcome their previous owner committed. */
    void assigned(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> caughtUp.put(tp, follower.barrier()));
    }

    void admit(TopicPartition tp, long offset, String key, byte[] value, Object decoded) {
        ledger.received(tp, offset);
        ActionTask task = new ActionTask(tp, offset, key, value, decoded instanceof Action a ? a : null);
        if (decoded instanceof RecordReadException e) {
            metrics.deadLetter();
            task.output = List.of(records.deadLetter(tp.topic(), tp.partition(), offset, key, value, e.reason(), e.field(), clock.instant()));
        }
        planner.add(task);
    }

    void startReady() {
        for (ActionTask t : planner.startable(this::partitionReady)) {
            running.add(t);
            Action a = t.action;
            if (a == null) {
                complete(t);
            } else {
                try (ActionLog.Scope scope = ActionLog.scope(a.workload(), a.id())) {
                    start(t, a);
                }
            }
        }
    }

    private void start(ActionTask t, Action a) {
        if (memory.contains(a.id())) {
            LOG.info("{}: action {} ({}) was already completed, not acting again", a.workload(), a.id(), a.type());
            complete(t);
        } else {
            t.preparing();
            t.startedNanos = System.nanoTime();
            LOG.debug("{}: acting on {} {}", a.workload(), a.type(), a.id());
            executor.execute(a, new Run(t)).onComplete(ar -> {
                t.doneNanos = System.nanoTime();
                t.doneAt = clock.instant();
                inbox.add(() -> {
                    if (ar.succeeded()) {
                        finished(t, ar.result());
                    } else {
                        cancelled(t, ar.cause());
                    }
                });
            });
        }
    }

    private boolean partitionReady(TopicPartition tp) {
        CompletableFuture<Void> f = caughtUp.get(tp);
        return f != null && f.isDone();
    }

    private void finished(ActionTask t, Outcome outcome) {
        // Cancelled by a revocation before its point of no return: it changed nothing, and the partition's next owner
        // (this replica again, when the partition is handed back) runs the redelivered copy: its outcome is the one.
        if (!caughtUp.containsKey(t.partition) || t.state() == ActionTask.State.CANCELLED) {
            LOG.warn("{}: done after its partition was taken away; its outcome is left to the next owner", t);
            running.remove(t);
            planner.finished(t);
            return;
        }
        t.output = List.of(records.outcome(outcome));
        metrics.crashWindow("effect-done-outcome-uncommitted");
        try (ActionLog.Scope scope = ActionLog.scope(t.action.workload(), t.action.id())) {
            LOG.info("{}: {} {} → {}; outcome not yet committed ({})", t.action.workload(), t.action.type(), t.action.id(), outcome.result(),
                    ActionTimings.of(t));
        }
        metrics.decisionToOutcome(t.lane.name(), Duration.between(t.action.decidedAt(), clock.instant()));
        complete(t);
    }

    private void cancelled(ActionTask t, Throwable cause) {
        running.remove(t);
        planner.finished(t);
        if (!(cause instanceof ActionCancelled)) {
            LOG.error("{}: execution failed unexpectedly, left for redelivery: {}", t, cause.toString(), cause);
        }
    }

    private void complete(ActionTask t) {
        running.remove(t);
        planner.finished(t);
        t.done();
        String id = t.action == null ? null : t.action.id();
        for (ProducerRecord<String, byte[]> r : t.output) {
            transactions.add(new OutcomeTransactions.Pending(t.partition, r, () -> {
                if (id != null) {
                    memory.add(id);
                }
            }, () -> {}));
        }
        ledger.done(t.partition, t.offset);
    }

    void commit(boolean force) {
        transactions.offsets(ledger.committable());
        ledger.committed(transactions.flush(group.get(), force));
    }

    /**
     * Partitions taken away: cancel what has not begun, wait (bounded) for what is executing while still committing
     * its write-ahead marks, then commit outcomes and offsets ({@code graceful}) and forget the partitions.
     */
    void revoke(Collection<TopicPartition> partitions, boolean graceful) {
        if (partitions.isEmpty()) {
            return;
        }
        planner.dropQueued(partitions).forEach(ActionTask::cancel);
        running.stream().filter(t -> partitions.contains(t.partition)).forEach(ActionTask::cancel);
        long deadline = System.nanoTime() + settings.revokeGrace().toNanos();
        while (graceful && running.stream().anyMatch(t -> partitions.contains(t.partition) && t.state() == ActionTask.State.EXECUTING)
                && System.nanoTime() < deadline) {
            try {
                Runnable r = inbox.poll(20, TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            commit(true);
        }
        running.stream().filter(t -> partitions.contains(t.partition) && t.state() == ActionTask.State.EXECUTING)
                .forEach(t -> LOG.warn("{}: still executing after {}; the next owner recovers it from its STARTED mark", t,
                        settings.revokeGrace()));
        if (graceful) {
            commit(true);
        }
        partitions.forEach(caughtUp::remove);
        transactions.drop(partitions);
        ledger.forget(partitions);
    }

    @Override
    public void close() {
        transactions.close();
    }

    /** One execution's view of the consumer. */
    private final class Run implements ActionRun {
        private final ActionTask task;

        Run(ActionTask task) {
            this.task = task;
        }

        @Override
        public boolean claim() {
            return task.claim();
        }

        @Override
        public boolean startedBefore() {
            return memory.progress(task.action.id()) == CompletedActions.Progress.STARTED;
        }

        @Override
        public Future<Void> writeAhead(Outcome started) {
            task.writeAheadAskedNanos = System.nanoTime();
            Promise<Void> promise = Promise.promise();
            inbox.add(() -> {
                if (!caughtUp.containsKey(task.partition)) {
                    promise.fail(new ActionCancelled(task + ": partition taken away before the STARTED mark"));
                    return;
                }
                transactions.add(new OutcomeTransactions.Pending(task.partition, records.outcome(started), () -> {
                    memory.started(task.action.id());
                    task.writeAheadDoneNanos = System.nanoTime();
                    promise.complete();
                }, () -> promise.fail(new ActionCancelled(task + ": partition taken away before the STARTED mark was committed"))));
            });
            return promise.future();
        }
    }
}
