package io.spotwise.actuator.consume;

import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.contract.topic.Topics;
import io.spotwise.contract.serde.RecordCodec;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/** The records the actuator writes: outcomes keyed by workload key and dead letters, with CloudEvents headers. */
final class OutcomeRecords {

    private final String service;

    OutcomeRecords(String service) {
        this.service = service;
    }

    ProducerRecord<String, byte[]> outcome(Outcome outcome) {
        // ce_id must be unique per event: the STARTED mark and the terminal outcome of one action are two events.
        String id = outcome.result() == OutcomeResult.STARTED ? outcome.actionId() + ":started" : outcome.actionId();
        return record(Topics.OUTCOMES, outcome.workload().key(), outcome,
                CloudEventHeaders.forRecord(outcome, service, id, outcome.completedAt()));
    }

    ProducerRecord<String, byte[]> deadLetter(String topic, int partition, long offset, String key, byte[] value, String error,
                                              String field, Instant now) {
        DeadLetter letter = new DeadLetter(SpotwiseRecord.CURRENT_SCHEMA_VERSION, topic, partition, offset, key, text(value),
                error, field, service, now);
        return record(Topics.DEAD_LETTER, key, letter, CloudEventHeaders.forRecord(letter, service, null, now));
    }

    private static ProducerRecord<String, byte[]> record(String topic, String key, SpotwiseRecord value, List<KafkaHeader> headers) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, RecordCodec.encode(value));
        headers.forEach(h -> r.headers().add(new RecordHeader(h.key(), h.value().getBytes())));
        return r;
    }

    private static String text(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(value);
        }
    }
}
