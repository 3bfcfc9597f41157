package io.spotwise.common.kafka;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.serde.RecordReadException;
import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records that cannot be read to the cluster's dead-letter topic ({@code spotwise.dead-letter}), keeping the original key and bytes, where they
 * came from and why they failed, so nothing is lost and the consumer can move on.
 */
public final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String service;
    private final Clock clock;
    private final Fleet fleet;

    public DeadLetters(KafkaProducer<String, byte[]> producer, String service, Fleet fleet, Clock clock) {
        this.producer = producer;
        this.fleet = fleet;
        this.service = service;
        this.clock = clock;
    }

    public Future<Void> send(KafkaConsumerRecord<String, byte[]> record, RecordReadException error) {
        return send(record.topic(), record.partition(), record.offset(), record.key(), record.value(), error.reason(), error.field());
    }

    public Future<Void> send(String topic, int partition, long offset, String key, byte[] value, String error, String field) {
        DeadLetter letter = new DeadLetter(SpotwiseRecord.CURRENT_SCHEMA_VERSION, topic, partition, offset, key, text(value),
                error, field, service, clock.instant());
        LOG.warn("Dead-lettering {}-{}@{} key '{}': {}{}", topic, partition, offset, key, field == null ? "" : "field '" + field + "': ", error);
        KafkaProducerRecord<String, byte[]> out = KafkaProducerRecord.create(fleet.topics().deadLetter(), key, fleet.encode(letter));
        out.addHeaders(CloudEventHeaders.forRecord(fleet, letter, service, null, letter.failedAt()));
        return producer.send(out).mapEmpty();
    }

    /** The dead-letter record for a record that could not be read, for a writer that sends it itself (in a transaction). */
    public static ProducerRecord<String, byte[]> record(String service, Fleet fleet, Clock clock, String topic, int partition, long offset, String key,
                                                        byte[] value, String error, String field) {
        DeadLetter letter = new DeadLetter(SpotwiseRecord.CURRENT_SCHEMA_VERSION, topic, partition, offset, key, text(value),
                error, field, service, clock.instant());
        LOG.warn("Dead-lettering {}-{}@{} key '{}': {}{}", topic, partition, offset, key, field == null ? "" : "field '" + field + "': ", error);
        return new ProducerRecord<>(fleet.topics().deadLetter(), null, key, fleet.encode(letter),
                CloudEventHeaders.kafkaHeaders(CloudEventHeaders.forRecord(fleet, letter, service, null, letter.failedAt())));
    }

    static String text(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(value);
        }
    }
}
