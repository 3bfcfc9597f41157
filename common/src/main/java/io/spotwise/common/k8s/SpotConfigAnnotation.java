package io.spotwise.common.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotwise.common.contract.SpotConfig;


/**
 * Reads the {@code spot-config} annotation the way the reference does: a JSON object with optional integer fields
 * {@code percentage} and {@code minOnDemandReplicas}; unknown fields and nulls are ignored; anything that is not an
 * integer makes the whole annotation unreadable. Range checks are not done here (the decider owns them).
 */
public final class SpotConfigAnnotation {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
        if (node == null || !node.isObject()) {
            return new Parsed(SpotConfig.EMPTY, "expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase()));
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

    private static Integer intField(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer, got " + v);
        }
        return v.intValue();
    }
}
