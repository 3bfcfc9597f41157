package io.spotwise.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What a topic holds now: reads partitions from the beginning to the end offsets they had when the read began, with
 * a plain (blocking) consumer that is assigned the partitions (no group). Positions, not record offsets, decide when a
 * partition is done, so offsets removed by compaction and transaction markers cannot stall it (for a
 * {@code read_committed} consumer the end offset is the last stable offset). Records written after the read began
 * are not waited for (some may be handed over). Blocking: call off event loops; {@link StateTopicFollower} is the Vert.x reader that keeps
 * following.
 */
public final class ReadToEnd {

    private static final Duration POLL = Duration.ofMillis(200);

    private ReadToEnd() {
    }

    /** The partitions of {@code topic}; empty when the topic does not exist. */
    public static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null) {
            return List.of();
        }
        return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    }

    /** Reads every partition of {@code topic} (none when it does not exist); returns how many records were handed over. */
    public static <K, V> long topic(KafkaConsumer<K, V> consumer, String topic, Duration timeout,
                                    Consumer<ConsumerRecord<K, V>> each) {
        return partitions(consumer, partitions(consumer, topic, timeout), timeout, each);
    }

    /**
     * Assigns {@code partitions} to the consumer, seeks to their beginning and hands every record before their end
     * offsets at the time of the call to {@code each}, in partition order (records written meanwhile may follow).
     * Returns how many records were handed over.
     *
     * @throws TimeoutException when the end is not reached within {@code timeout}, naming the partitions behind
     */
    public static <K, V> long partitions(KafkaConsumer<K, V> consumer, Collection<TopicPartition> partitions,
                                         Duration timeout, Consumer<ConsumerRecord<K, V>> each) {
        List<TopicPartition> tps = new ArrayList<>(partitions);
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        if (tps.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> behind = new HashMap<>(consumer.endOffsets(tps, timeout));
        long deadline = System.nanoTime() + timeout.toNanos();
        long records = 0;
        behind.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
        while (!behind.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading " + topics(behind.keySet()) + " to its end took longer than " + timeout
                        + "; still behind on " + behind.keySet());
            }
            for (ConsumerRecord<K, V> r : consumer.poll(POLL)) {
                each.accept(r);
                records++;
            }
            behind.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
        }
        return records;
    }

    private static List<String> topics(Collection<TopicPartition> tps) {
        return tps.stream().map(TopicPartition::topic).distinct().sorted().toList();
    }
}
