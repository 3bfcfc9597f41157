package io.spotwise.actuator.consume;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of each assigned partition are received, which are done, and how far the group's offset may move:
 * actions run out of partition order (a DISABLE_SPOT never waits behind evictions), but the committed offset only
 * advances to just past the lowest contiguous run of done offsets, so a crash redelivers everything not yet done.
 * Not thread-safe: the consumer thread owns it.
 */
public final class PartitionLedger {

    private final Map<TopicPartition, TreeMap<Long, Boolean>> open = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    public void received(TopicPartition tp, long offset) {
        open.computeIfAbsent(tp, k -> new TreeMap<>()).put(offset, false);
    }

    public void done(TopicPartition tp, long offset) {
        TreeMap<Long, Boolean> offsets = open.get(tp);
        if (offsets != null && offsets.containsKey(offset)) {
            offsets.put(offset, true);
        }
    }

    /** Received but not done (in flight or waiting): what pausing the partition is based on. */
    public int unfinished(TopicPartition tp) {
        TreeMap<Long, Boolean> offsets = open.get(tp);
        return offsets == null ? 0 : (int) offsets.values().stream().filter(d -> !d).count();
    }

    /** Offsets to commit now: per partition, the offset after the contiguous done run, if it moved since the last commit. */
    public Map<TopicPartition, Long> committable() {
        Map<TopicPartition, Long> out = new HashMap<>();
        open.forEach((tp, offsets) -> {
            Long next = null;
            for (Map.Entry<Long, Boolean> e : offsets.entrySet()) {
                if (!e.getValue()) {
                    break;
                }
                next = e.getKey() + 1;
            }
            if (next != null && next > committed.getOrDefault(tp, -1L)) {
                out.put(tp, next);
            }
        });
        return out;
    }

    /** The offsets were committed: forget everything below them. */
    public void committed(Map<TopicPartition, Long> offsets) {
        offsets.forEach((tp, next) -> {
            committed.merge(tp, next, Math::max);
            TreeMap<Long, Boolean> o = open.get(tp);
            if (o != null) {
                o.headMap(next).clear();
            }
        });
    }

    /** The partitions are no longer ours: forget them (their unfinished offsets are redelivered to the next owner). */
    public void forget(Collection<TopicPartition> tps) {
        tps.forEach(tp -> {
            open.remove(tp);
            committed.remove(tp);
        });
    }
}
