package io.spotwise.contract.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.spotwise.contract.Action;
import io.spotwise.contract.InvalidActionException;
import io.spotwise.contract.InvalidRecordException;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.topic.ClusterId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * JSON for every {@link SpotwiseRecord}: ISO-8601 times, unknown fields tolerated (a newer writer may add fields),
 * a {@code schemaVersion} that must be one this build reads, and typed {@link RecordReadException}s that name the
 * field that failed. Actions have their own wire format ({@link ActionWire}: version 2, reads version 1); decode them
 * as {@code Action.class} or as one of its kinds.
 */
public final class RecordCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private RecordCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(SpotwiseRecord record) {
        try {
            return record instanceof Action action
                    ? MAPPER.writeValueAsBytes(ActionWire.toTree(MAPPER, action))
                    : MAPPER.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            // Records are plain data; failing to write one is a programming error, not bad input.
            throw new UncheckedIOException("cannot encode " + record.getClass().getSimpleName(), e);
        }
    }

    /**
     * The record as {@link #encode(SpotwiseRecord)} writes it, plus the cluster it belongs to as the top-level field
     * {@code cluster} (docs/fleet.md): what a reader of a fleet's shared topics (kcat, jq) sees. Readers ignore it.
     */
    public static byte[] encode(SpotwiseRecord record, String cluster) {
        try {
            ObjectNode tree = record instanceof Action action ? ActionWire.toTree(MAPPER, action) : MAPPER.valueToTree(record);
            tree.put(ClusterId.FIELD, cluster);
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot encode " + record.getClass().getSimpleName(), e);
        }
    }

    public static String encodeToString(SpotwiseRecord record) {
        return new String(encode(record), StandardCharsets.UTF_8);
    }

    /** Decodes without location (tests, the webhook); errors report topic "-", partition -1, offset -1. */
    public static <T extends SpotwiseRecord> T decode(byte[] value, Class<T> type) throws RecordReadException {
        return decode(value, type, "-", -1, -1);
    }

    public static <T extends SpotwiseRecord> T decode(byte[] value, Class<T> type, String topic, int partition, long offset)
            throws RecordReadException {
        if (value == null) {
            throw new RecordReadException(topic, partition, offset, null, "no value (a tombstone where a " + type.getSimpleName() + " was expected)", null);
        }
        if (!Action.class.isAssignableFrom(type)) {
            T fast = FastRecordReader.read(value, type);
            if (fast != null) {
                return fast;
            }
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new RecordReadException(topic, partition, offset, null, "malformed JSON: " + firstLine(e), e);
        }
        if (!(tree instanceof ObjectNode)) {
            throw new RecordReadException(topic, partition, offset, null, "expected a JSON object for " + type.getSimpleName(), null);
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.isInt()) {
            throw new RecordReadException(topic, partition, offset, "schemaVersion", "missing or not an integer", null);
        }
        boolean action = Action.class.isAssignableFrom(type);
        int v = version.intValue();
        if (action ? v != Action.SCHEMA_VERSION && v != Action.PREVIOUS_SCHEMA_VERSION : v != SpotwiseRecord.CURRENT_SCHEMA_VERSION) {
            String reads = action ? Action.SCHEMA_VERSION + " and " + Action.PREVIOUS_SCHEMA_VERSION : String.valueOf(SpotwiseRecord.CURRENT_SCHEMA_VERSION);
            throw new RecordReadException(topic, partition, offset, "schemaVersion",
                    "unsupported schema version " + v + " (this build reads " + reads + ")", null);
        }
        try {
            if (!action) {
                return MAPPER.treeToValue(tree, type);
            }
            Action read = ActionWire.read(MAPPER, (ObjectNode) tree, v);
            if (!type.isInstance(read)) {
                throw new RecordReadException(topic, partition, offset, "type", "expected " + type.getSimpleName() + ", got " + read.describe(), null);
            }
            return type.cast(read);
        } catch (InvalidRecordException e) {
            throw new RecordReadException(topic, partition, offset, e.field(), e.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new RecordReadException(topic, partition, offset, path(e), reason(e), e);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new RecordReadException(topic, partition, offset, null, firstLine(e), e);
        }
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (e.getCause() instanceof InvalidActionException invalid) {
            return invalid.field(); // an action's constructor names the field itself, nested ones included
        }
        if (e.getCause() instanceof InvalidRecordException invalid) {
            return p.isEmpty() ? invalid.field() : p + "." + invalid.field(); // a nested record's field, under its path
        }
        return p.isEmpty() ? null : p;
    }

    private static String reason(JsonMappingException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof NullPointerException) {
            return "required field is missing";
        }
        if (root instanceof IllegalArgumentException && root.getMessage() != null) {
            return root.getMessage();
        }
        return firstLine(e);
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
