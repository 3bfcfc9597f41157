package io.spotwise.common.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotwise.contract.SpotConfig;
import java.util.Locale;

/**
 * Reads the {@code spot-config} annotation the way the reference's Go decoder ({@code encoding/json} into a struct of
 * two {@code int}s) does: a JSON object with optional integer fields {@code percentage} and {@code minOnDemandReplicas},
 * field names matched case-insensitively (the last matching key wins), unknown fields and nulls ignored, a whole
 * document {@code null} read as empty, anything after the object (trailing data) rejected, and anything that is not
 * an integer making the whole annotation unreadable. Range checks are not done here (the decider owns them). Left
 * different (docs/migrating-from-datadog.md): integers beyond 32 bits are unreadable here (Go's 64-bit int reads them),
 * and case folding is Java's {@code equalsIgnoreCase}, not Go's Unicode special folds (e.g. the Kelvin sign).
 */
public final class SpotConfigAnnotation {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SpotConfigAnnotation() {
    }

    /** The parsed fields, or an error saying why the annotation is unreadable. */
    public record Parsed(SpotConfig config, String error) {
    }

    public static Parsed parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return new Parsed(SpotConfig.EMPTY, null);
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            return new Parsed(SpotConfig.EMPTY, "malformed JSON: " + e.getOriginalMessage());
        }
        if (node == null || node.isNull()) {
            return new Parsed(SpotConfig.EMPTY, null); // Go: unmarshalling null into a struct leaves it unchanged
        }
        if (!node.isObject()) {
            return new Parsed(SpotConfig.EMPTY, "expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(Locale.ROOT)));
        }
        Integer percentage;
        Integer min;
        try {
            percentage = intField(node, "percentage");
            min = intField(node, "minOnDemandReplicas");
        } catch (IllegalArgumentException e) {
            return new Parsed(SpotConfig.EMPTY, e.getMessage());
        }
        return new Parsed(new SpotConfig(percentage, min), null);
    }

    /** The last key equal to {@code field} ignoring case, as Go's decoder assigns each matching key in turn. */
    private static Integer intField(JsonNode node, String field) {
        Integer value = null;
        for (var e : node.properties()) {
            if (!e.getKey().equalsIgnoreCase(field)) {
                continue;
            }
            JsonNode v = e.getValue();
            if (v.isNull()) {
                continue; // Go: null leaves the field as it is
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw new IllegalArgumentException("field '" + e.getKey() + "' must be an integer, got " + v);
            }
            value = v.intValue();
        }
        return value;
    }
}
