package io.spotwise.decider.policy.placement;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.spotwise.contract.OwnerRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What placement and the spot patch need from a pod being created, read in one streaming pass over the admission
 * request: its names, owners and labels, and which of the maps the patch adds to already exist. Nothing else of the pod
 * is kept (containers, volumes and the rest are skipped unread), so an admission allocates a few objects instead of a
 * tree of the whole pod (docs/benchmarks.md, "Webhook tail").
 *
 * @param name          metadata.name, null when absent
 * @param generateName  metadata.generateName, null when absent
 * @param namespace     metadata.namespace, null when absent (the request's namespace is the one that counts)
 * @param owners        metadata.ownerReferences in order
 * @param labels        metadata.labels
 */
public record PodShape(String name, String generateName, String namespace, List<OwnerRef> owners, Map<String, String> labels,
        boolean hasMetadata, boolean hasLabels, boolean hasAnnotations, boolean hasSpec, boolean hasNodeSelector,
        boolean hasTolerations) {

    /** Owners and labels are held immutable, so the {@link AdmissionRequest} built from them shares them as they are. */
    public PodShape {
        owners = List.copyOf(owners);
        labels = Map.copyOf(labels);
    }

    /**
     * Reads the pod the parser is at (its current token is the value of {@code request.object}) and leaves the parser
     * at the value's last token. A value that is not an object is skipped and gives a pod with no metadata and no spec.
     */
    public static PodShape read(JsonParser p) throws IOException {
        Builder b = new Builder();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return b.build();
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            boolean object = p.nextToken() == JsonToken.START_OBJECT;
            if ("metadata".equals(field)) {
                b.resetMetadata();
                if (object) {
                    readMetadata(p, b);
                    continue;
                }
            } else if ("spec".equals(field)) {
                b.resetSpec();
                if (object) {
                    readSpec(p, b);
                    continue;
                }
            }
            p.skipChildren();
        }
        return b.build();
    }

    private static void readMetadata(JsonParser p, Builder b) throws IOException {
        b.hasMetadata = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> b.name = text(p, null);
                case "generateName" -> b.generateName = text(p, null);
                case "namespace" -> b.namespace = text(p, null);
                case "labels" -> {
                    b.hasLabels = value == JsonToken.START_OBJECT;
                    b.labels = b.hasLabels ? stringMap(p) : skip(p, Map.of());
                }
                case "annotations" -> {
                    b.hasAnnotations = value == JsonToken.START_OBJECT;
                    p.skipChildren();
                }
                case "ownerReferences" -> b.owners = value == JsonToken.START_ARRAY ? owners(p) : skip(p, List.of());
                default -> p.skipChildren();
            }
        }
    }

    private static void readSpec(JsonParser p, Builder b) throws IOException {
        b.hasSpec = true;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("nodeSelector".equals(field)) {
                b.hasNodeSelector = value == JsonToken.START_OBJECT;
            } else if ("tolerations".equals(field)) {
                b.hasTolerations = value == JsonToken.START_ARRAY;
            }
            p.skipChildren();
        }
    }

    private static List<OwnerRef> owners(JsonParser p) throws IOException {
        List<OwnerRef> owners = new ArrayList<>(1);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String kind = null;
            String name = null;
            String uid = null;
            if (p.currentToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "kind" -> kind = text(p, null);
                        case "name" -> name = text(p, null);
                        case "uid" -> uid = text(p, null);
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            owners.add(new OwnerRef(kind, name, uid));
        }
        return owners;
    }

    private static <T> T skip(JsonParser p, T result) throws IOException {
        p.skipChildren();
        return result;
    }

    /** Fields seen so far; a repeated key replaces what its earlier occurrence set, as in a parsed tree. */
    private static final class Builder {
        String name;
        String generateName;
        String namespace;
        List<OwnerRef> owners = List.of();
        Map<String, String> labels = Map.of();
        boolean hasMetadata;
        boolean hasLabels;
        boolean hasAnnotations;
        boolean hasSpec;
        boolean hasNodeSelector;
        boolean hasTolerations;

        void resetMetadata() {
            name = null;
            generateName = null;
            namespace = null;
            owners = List.of();
            labels = Map.of();
            hasMetadata = false;
            hasLabels = false;
            hasAnnotations = false;
        }

        void resetSpec() {
            hasSpec = false;
            hasNodeSelector = false;
            hasTolerations = false;
        }

        PodShape build() {
            return new PodShape(name, generateName, namespace, owners, labels, hasMetadata, hasLabels, hasAnnotations, hasSpec,
                    hasNodeSelector, hasTolerations);
        }
    }

    /**
     * The value the parser is at as text, with the conversions of Jackson's tree ({@code JsonNode.asText(dflt)}): a
     * string as is, a number or boolean as written, null and containers (skipped) as {@code dflt}.
     */
    public static String text(JsonParser p, String dflt) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return dflt;
        }
        return t == JsonToken.VALUE_NULL ? dflt : p.getText();
    }

    private static Map<String, String> stringMap(JsonParser p) throws IOException {
        Map<String, String> map = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            map.put(key, text(p, ""));
        }
        return map;
    }
}
