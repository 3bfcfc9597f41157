package io.spotwise.actuator.consume;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.PodEviction;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One record of {@code spotwise.actions} on its way through the actuator. Its state moves QUEUED → PREPARING (waiting
 * for the eviction budget) → EXECUTING (past the point of no return: the first write) → DONE; a partition taken away
 * cancels QUEUED and PREPARING tasks (they changed nothing and are redelivered to the next owner) and waits for
 * EXECUTING ones.
 */
final class ActionTask {

    enum State { QUEUED, PREPARING, EXECUTING, DONE, CANCELLED }

    /**
     * Where a task runs: controls of one workload in order, evictions after the workload's earlier controls, status
     * writes in order among themselves only (they change no placement: nothing waits for them).
     */
    enum Lane { CONTROL, STATUS, FALLBACK_EVICTION, REBALANCE_EVICTION, IMMEDIATE }

    final TopicPartition partition;
    final long offset;
    final String key;
    final byte[] value;
    /** Null when the record could not be read (it goes to the dead letters). */
    final Action action;
    final Lane lane;
    final long receivedNanos = System.nanoTime();
    /** When its lane let it start, when it asked for its STARTED mark, when that mark committed (0: not yet). */
    volatile long startedNanos;
    volatile long writeAheadAskedNanos;
    volatile long writeAheadDoneNanos;
    /** When its execution ended (its effect done or given up), by both clocks. */
    volatile long doneNanos;
    volatile Instant doneAt;
    private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
    /** What to publish, in the transaction that commits this task's offset. */
    volatile List<ProducerRecord<String, byte[]>> output = List.of();

    ActionTask(TopicPartition partition, long offset, String key, byte[] value, Action action) {
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
        this.action = action;
        this.lane = laneOf(action);
    }

    private static Lane laneOf(Action action) {
        if (action == null) {
            return Lane.IMMEDIATE;
        }
        if (action.type() == ActionType.WRITE_STATUS) {
            return Lane.STATUS;
        }
        if (action.type() != ActionType.EVICT_POD) {
            return Lane.CONTROL;
        }
        return action.reason() == ActionReason.FALLBACK ? Lane.FALLBACK_EVICTION : Lane.REBALANCE_EVICTION;
    }

    String workloadKey() {
        return action == null ? key : action.workload().key();
    }

    String podKey() {
        return action instanceof PodEviction e ? e.pod().key() : null;
    }

    State state() {
        return state.get();
    }

    void preparing() {
        state.compareAndSet(State.QUEUED, State.PREPARING);
    }

    /** The point of no return; false when the task was cancelled before it. */
    boolean claim() {
        return state.compareAndSet(State.PREPARING, State.EXECUTING) || state.get() == State.EXECUTING;
    }

    /** True when the task changed nothing and never will. */
    boolean cancel() {
        return state.compareAndSet(State.QUEUED, State.CANCELLED) || state.compareAndSet(State.PREPARING, State.CANCELLED)
                || state.get() == State.CANCELLED;
    }

    void done() {
        state.set(State.DONE);
    }

    @Override
    public String toString() {
        return (action == null ? "unreadable record" : action.workload() + " " + action.type() + " " + action.id())
                + " at " + partition + "@" + offset;
    }
}
