package io.spotwise.actuator.consume;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.contract.DeadLetter;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.SpotwiseRecord;
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
    private final Fleet fleet;

    OutcomeRecords(String service, Fleet fleet) {
        this.service = service;
        this.fleet = fleet;
    }

    ProducerRecord<String, byte[]> outcome(Outcome outcome) {
        // ce_id must be unique per event: the STARTED mark and the terminal outcome of one action are two events.
        String id = outcome.result() == OutcomeResult.STARTED ? outcome.actionId() + ":started" : outcome.actionId();
        return record(fleet.topics().outcomes(), outcome.workload().key(), outcome,
                CloudEventHeaders.forRecord(fleet, outcome, service, id, outcome.completedAt()));
    }

    ProducerRecord<String, byte[]> deadLetter(String topic, int partition, long offset, String key, byte[] value, String error,
                                              String field, Instant now) {
        DeadLetter letter = new DeadLetter(SpotwiseRecord.CURRENT_SCHEMA_VERSION, topic, partition, offset, key, text(value),
                error, field, service, now);
        return record(fleet.topics().deadLetter(), key, letter, CloudEventHeaders.forRecord(fleet, letter, service, null, now));
    }

    private ProducerRecord<String, byte[]> record(String topic, String key, SpotwiseRecord value, List<KafkaHeader> headers) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, fleet.encode(value));
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
