package io.spotwise.common.kafka;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How far one service has dead-lettered each source partition: the highest source offset of its letters on
 * {@code spotwise.dead-letter}, read back (read_committed) to the topic's end. A writer that sends only records beyond
 * the watermark writes each bad record once, however often it re-reads its sources. Blocking: call off event loops.
 */
public final class DeadLetterWatermarks {

    private final Map<String, Long> highest = new HashMap<>();

    private DeadLetterWatermarks() {
    }

    /** Reads this cluster's dead-letter topic from the beginning to its end offsets at the time of the call; other clusters' letters are skipped. */
    public static DeadLetterWatermarks read(Map<String, String> kafka, String clientId, String service, Fleet fleet, Duration timeout) {
        String topic = fleet.topics().deadLetter();
        Properties p = new Properties();
        p.putAll(KafkaClients.consumerConfig(kafka, null, clientId));
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        DeadLetterWatermarks marks = new DeadLetterWatermarks();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            ReadToEnd.topic(consumer, topic, timeout, r -> {
                if (Fleet.clusterOf(r.headers()).equals(fleet.cluster())) {
                    marks.add(r, service);
                }
            });
        }
        return marks;
    }

    private void add(ConsumerRecord<String, byte[]> r, String service) {
        if (r.value() == null) {
            return;
        }
        try {
            DeadLetter letter = RecordCodec.decode(r.value(), DeadLetter.class);
            if (service.equals(letter.service())) {
                record(letter.sourceTopic(), letter.partition(), letter.offset());
            }
        } catch (RecordReadException e) {
            // not a letter of ours: nothing to learn from it
        }
    }

    /** True when a letter for this source record (or a later one of its partition) was written. */
    public boolean covers(String topic, int partition, long offset) {
        Long mark = highest.get(topic + "/" + partition);
        return mark != null && offset <= mark;
    }

    public void record(String topic, int partition, long offset) {
        highest.merge(topic + "/" + partition, offset, Math::max);
    }
}
