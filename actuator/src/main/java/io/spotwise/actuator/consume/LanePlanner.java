package io.spotwise.actuator.consume;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * Which received actions may start now. Rules: a control action (DISABLE_SPOT, ENABLE_SPOT, REPORT_CONFIG_INVALID)
 * starts once the earlier controls of its workload are finished, never behind evictions; a status write (WRITE_STATUS)
 * once the earlier status writes of its workload are finished, and nothing waits for it (a slow status patch held back
 * the workload's DISABLE_SPOT, and so its fallback evictions, by seconds: docs/benchmarks.md); an eviction starts once the
 * earlier controls of its workload are finished (so it never overtakes the disable decided before it), no other
 * eviction of the same pod runs, and its lane has room: fallback and rebalancing evictions have separate bounded
 * parallelism. Not thread-safe: the consumer thread owns it.
 */
final class LanePlanner {

    private final int fallbackParallelism;
    private final int rebalanceParallelism;
    private final List<ActionTask> queued = new ArrayList<>();
    private final Map<String, TreeSet<Long>> unfinishedControls = new HashMap<>();
    private final Set<String> busyPods = new HashSet<>();
    private int fallbackRunning;
    private int rebalanceRunning;

    LanePlanner(int fallbackParallelism, int rebalanceParallelism) {
        this.fallbackParallelism = fallbackParallelism;
        this.rebalanceParallelism = rebalanceParallelism;
    }

    void add(ActionTask task) {
        queued.add(task);
        if (ordered(task)) {
            unfinishedControls.computeIfAbsent(controlKey(task), k -> new TreeSet<>()).add(task.offset);
        }
    }

    /** Removes and returns the tasks that may start now, in arrival order, counting them as running. */
    List<ActionTask> startable(Predicate<TopicPartition> partitionReady) {
        List<ActionTask> out = new ArrayList<>();
        for (Iterator<ActionTask> it = queued.iterator(); it.hasNext();) {
            ActionTask t = it.next();
            if (partitionReady.test(t.partition) && mayStart(t)) {
                it.remove();
                switch (t.lane) {
                    case FALLBACK_EVICTION -> fallbackRunning++;
                    case REBALANCE_EVICTION -> rebalanceRunning++;
                    default -> {}
                }
                if (t.podKey() != null && t.lane != ActionTask.Lane.CONTROL) {
                    busyPods.add(t.podKey());
                }
                out.add(t);
            }
        }
        return out;
    }

    private boolean mayStart(ActionTask t) {
        TreeSet<Long> controls = unfinishedControls.get(controlKey(t));
        return switch (t.lane) {
            case IMMEDIATE -> true;
            case CONTROL, STATUS -> controls.first() == t.offset;
            case FALLBACK_EVICTION -> noEarlierControl(controls, t) && !busyPods.contains(t.podKey()) && fallbackRunning < fallbackParallelism;
            case REBALANCE_EVICTION -> noEarlierControl(controls, t) && !busyPods.contains(t.podKey()) && rebalanceRunning < rebalanceParallelism;
        };
    }

    private static boolean noEarlierControl(TreeSet<Long> controls, ActionTask t) {
        return controls == null || controls.isEmpty() || controls.first() > t.offset;
    }

    /** A started task finished (done or cancelled). */
    void finished(ActionTask t) {
        switch (t.lane) {
            case FALLBACK_EVICTION -> fallbackRunning--;
            case REBALANCE_EVICTION -> rebalanceRunning--;
            case CONTROL, STATUS -> forgetControl(t);
            default -> {}
        }
        if (t.podKey() != null && t.lane != ActionTask.Lane.CONTROL) {
            busyPods.remove(t.podKey());
        }
    }

    /** Drops the queued (not started) tasks of partitions taken away and returns them. */
    List<ActionTask> dropQueued(Collection<TopicPartition> partitions) {
        List<ActionTask> dropped = new ArrayList<>();
        for (Iterator<ActionTask> it = queued.iterator(); it.hasNext();) {
            ActionTask t = it.next();
            if (partitions.contains(t.partition)) {
                it.remove();
                if (ordered(t)) {
                    forgetControl(t);
                }
                dropped.add(t);
            }
        }
        return dropped;
    }

    int queuedCount() {
        return queued.size();
    }

    private void forgetControl(ActionTask t) {
        TreeSet<Long> controls = unfinishedControls.get(controlKey(t));
        if (controls != null) {
            controls.remove(t.offset);
            if (controls.isEmpty()) {
                unfinishedControls.remove(controlKey(t));
            }
        }
    }

    private static boolean ordered(ActionTask t) {
        return t.lane == ActionTask.Lane.CONTROL || t.lane == ActionTask.Lane.STATUS;
    }

    /** Controls and evictions of a workload share one order; its status writes have their own. */
    private static String controlKey(ActionTask t) {
        return t.partition + "|" + t.workloadKey() + (t.lane == ActionTask.Lane.STATUS ? "|status" : "");
    }
}
