package io.spotwise.contract.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.spotwise.contract.SpotwiseRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fast path of {@link RecordCodec#decode} for records other than actions: binds the bytes straight to the record
 * (no intermediate tree) with a stricter mapper — no scalar coercion, no float as int, duplicate fields refused, only
 * canonical instants ({@link CanonicalInstants}) — and accepts the result only if it carries the current schema
 * version. Whatever it does not accept goes to the full path, which reads it or names what is wrong exactly as before:
 * a record this path accepts is one the full path reads to the same value (the stricter settings only refuse more).
 */
final class FastRecordReader {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("spotwise-canonical-instants").addDeserializer(Instant.class, new CanonicalInstants()))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    private static final Map<Class<?>, ObjectReader> READERS = new ConcurrentHashMap<>();

    private FastRecordReader() {
    }

    /** The record, or null when it is not a well-formed record of the current version in the form Spotwise writes. */
    static <T extends SpotwiseRecord> T read(byte[] value, Class<T> type) {
        ObjectReader reader = READERS.computeIfAbsent(type, STRICT::readerFor);
        T read;
        try {
            read = reader.readValue(value);
        } catch (IOException | RuntimeException e) {
            return null; // not for the fast path: the full path reads it again and reports what is wrong
        }
        return read != null && read.schemaVersion() == SpotwiseRecord.CURRENT_SCHEMA_VERSION ? read : null;
    }
}
