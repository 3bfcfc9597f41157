package io.spotwise.common.kafka;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.contract.SpotwiseRecord;
import io.vertx.kafka.client.producer.KafkaHeader;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * CloudEvents Kafka protocol binding, binary mode: the record value is the event data, the attributes are headers.
 * Tombstones carry them too, with type {@code io.spotwise.tombstone.v1}.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String ID = "ce_id";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEventHeaders() {
    }

    /** The CloudEvents headers plus the {@code spotwise-cluster} header of the writing cluster (docs/fleet.md). */
    public static List<KafkaHeader> forRecord(Fleet fleet, SpotwiseRecord record, String service, String id, Instant time) {
        return List.of(fleet.vertxHeader(),
                KafkaHeader.header(SPEC_VERSION, "1.0"),
                KafkaHeader.header(TYPE, record.cloudEventType()),
                KafkaHeader.header(SOURCE, "/spotwise/" + service),
                KafkaHeader.header(ID, id == null ? UUID.randomUUID().toString() : id),
                KafkaHeader.header(TIME, time.toString()),
                KafkaHeader.header(CONTENT_TYPE, "application/json"));
    }

    public static List<KafkaHeader> forTombstone(Fleet fleet, String service, Instant time) {
        return List.of(fleet.vertxHeader(),
                KafkaHeader.header(SPEC_VERSION, "1.0"),
                KafkaHeader.header(TYPE, "io.spotwise.tombstone.v1"),
                KafkaHeader.header(SOURCE, "/spotwise/" + service),
                KafkaHeader.header(ID, UUID.randomUUID().toString()),
                KafkaHeader.header(TIME, time.toString()));
    }

    /** The same headers for a plain Kafka client's record. */
    public static List<Header> kafkaHeaders(List<KafkaHeader> headers) {
        return headers.stream().<Header>map(h -> new RecordHeader(h.key(), h.value().getBytes())).toList();
    }
}
