package io.spotwise.common.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.WorkloadRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * {@code LOG_FORMAT=json}: one flat JSON object per line — timestamp, level, logger, thread, message, then the fields a
 * log pipeline filters on: {@code workload} (from a {@link WorkloadRef} argument of the message, or the MDC),
 * {@code pod} (from a {@link PodRef} argument), {@code action_id} (MDC, see {@link ActionLog}), every other MDC entry
 * and SLF4J key-value pair, and {@code exception} with the stack trace.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    private static final byte[] NOTHING = new byte[0];
    private final JsonFactory json = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            for (Map.Entry<String, String> field : fields(event).entrySet()) {
                g.writeStringField(field.getKey(), field.getValue());
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a log line as JSON", e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static Map<String, String> fields(ILoggingEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        Object[] args = event.getArgumentArray();
        if (args != null) {
            for (Object arg : args) {
                if (arg instanceof WorkloadRef w) {
                    fields.putIfAbsent("workload", w.toString());
                } else if (arg instanceof PodRef p) {
                    fields.putIfAbsent("pod", p.namespace() + "/" + p.name());
                }
            }
        }
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            mdc.forEach(fields::putIfAbsent);
        }
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                fields.putIfAbsent(kv.key, String.valueOf(kv.value));
            }
        }
        fields.keySet().removeAll(Set.of("timestamp", "level", "logger", "thread", "message", "exception"));
        return fields;
    }
}
