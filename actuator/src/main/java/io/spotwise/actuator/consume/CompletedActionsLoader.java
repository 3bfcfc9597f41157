package io.spotwise.actuator.consume;

import io.spotwise.common.contract.Outcome;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.Topics;
import io.spotwise.common.serde.RecordCodec;
import io.spotwise.common.serde.RecordReadException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds {@link CompletedActions} at start from the recent part of {@code spotwise.outcomes}, so an action whose
 * outcome was published just before a crash (offset not yet committed) is recognised when it is delivered again.
 * Blocking; runs once before the action consumer subscribes.
 */
public final class CompletedActionsLoader {

    private static final Logger LOG = LoggerFactory.getLogger(CompletedActionsLoader.class);

    private CompletedActionsLoader() {
    }

    public static int load(Map<String, String> kafka, String clientId, Duration window, Clock clock, CompletedActions into) {
        Map<String, Object> props = new HashMap<>(KafkaClients.consumerConfig(kafka, null, clientId));
        int loaded = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> tps = consumer.partitionsFor(Topics.OUTCOMES, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(Topics.OUTCOMES, p.partition())).toList();
            consumer.assign(tps);
            long since = clock.millis() - window.toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            tps.forEach(tp -> query.put(tp, since));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps, Duration.ofSeconds(30));
            for (TopicPartition tp : tps) {
                OffsetAndTimestamp start = starts.get(tp);
                consumer.seek(tp, start == null ? ends.get(tp) : start.offset());
            }
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        into.add(RecordCodec.decode(r.value(), Outcome.class, r.topic(), r.partition(), r.offset()).actionId());
                        loaded++;
                    } catch (RecordReadException e) {
                        LOG.debug("Skipping unreadable outcome: {}", e.getMessage());
                    }
                }
            }
        }
        LOG.info("Remembered {} completed actions from the last {} of {}", loaded, window, Topics.OUTCOMES);
        return loaded;
    }
}
