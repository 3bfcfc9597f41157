package io.spotwise.decider.webhook;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.spotwise.decider.policy.placement.PodShape;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code admission.k8s.io/v1} AdmissionReview requests and writes their responses. The pod object is never
 * re-serialised: a spot patch only adds paths, so unknown fields and big numbers stay as they were.
 */
public final class AdmissionReviews {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final String API_VERSION = "admission.k8s.io/v1";

    private AdmissionReviews() {
    }

    /** A request that is not a pod CREATE we should decide, with why; or the admission to decide. */
    public sealed interface Parsed permits Admit, Skip {
        String uid();
    }

    public record Admit(String uid, PodAdmission admission) implements Parsed {
    }

    public record Skip(String uid, AdmissionDecision decision) implements Parsed {
    }

    /**
     * Reads the review in one streaming pass: the request's scalars, its {@code kind} and {@code dryRun} as small trees
     * (for their exact text and truthiness), and of the pod only what placement needs ({@link PodShape}); the rest of
     * the pod is skipped, never built into a tree.
     */
    public static Parsed parse(byte[] body) {
        return parse(body, body.length);
    }

    /** Reads the first {@code length} bytes of {@code body}, in place. */
    public static Parsed parse(byte[] body, int length) {
        try (JsonParser p = MAPPER.createParser(body, 0, length)) {
            return p.nextToken() == JsonToken.START_OBJECT ? review(p) : MALFORMED_NOT_OBJECT;
        } catch (IOException e) {
            return skip("", AdmissionDecision.Result.MALFORMED, "request body is not JSON: " + firstLine(e));
        }
    }

    private static Parsed review(JsonParser p) throws IOException {
        String reviewKind = "";
        Request request = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("kind".equals(field)) {
                reviewKind = PodShape.text(p, "");
            } else if ("request".equals(field)) {
                request = value == JsonToken.START_OBJECT ? request(p) : skipped(p);
            } else {
                p.skipChildren();
            }
        }
        String uid = request == null ? "" : request.uid;
        if (!"AdmissionReview".equals(reviewKind) || request == null || uid.isEmpty()) {
            return skip(uid, AdmissionDecision.Result.MALFORMED, "not an AdmissionReview with request.uid");
        }
        JsonNode kind = request.kind;
        if (!"Pod".equals(kind.path("kind").asText()) || !kind.path("group").asText("").isEmpty()) {
            return skip(uid, AdmissionDecision.Result.NOT_APPLICABLE, "not a core/v1 Pod: " + kind);
        }
        if (!"CREATE".equals(request.operation)) {
            return skip(uid, AdmissionDecision.Result.NOT_APPLICABLE, "operation " + request.operation + " is not decided");
        }
        if (request.dryRun.asBoolean(false)) {
            return skip(uid, AdmissionDecision.Result.DRY_RUN, "dry run: nothing decided, nothing recorded");
        }
        if (!request.subResource.isEmpty()) {
            return skip(uid, AdmissionDecision.Result.NOT_APPLICABLE, "sub-resource " + request.subResource);
        }
        PodShape pod = request.pod;
        if (pod == null || !pod.hasSpec()) {
            return skip(uid, AdmissionDecision.Result.MALFORMED, "request.object is not a pod with a spec");
        }
        String namespace = request.namespace;
        if (namespace.isEmpty()) {
            namespace = pod.namespace() == null ? "" : pod.namespace();
        }
        return new Admit(uid, new PodAdmission(uid, namespace, pod));
    }

    /** The fields of {@code request} that are read; a repeated key replaces the earlier one, as in a tree. */
    private static final class Request {
        String uid = "";
        JsonNode kind = MissingNode.getInstance();
        String operation = "";
        JsonNode dryRun = MissingNode.getInstance();
        String subResource = "";
        String namespace = "";
        PodShape pod;
    }

    private static Request request(JsonParser p) throws IOException {
        Request r = new Request();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "uid" -> r.uid = PodShape.text(p, "");
                case "kind" -> r.kind = p.readValueAsTree();
                case "operation" -> r.operation = PodShape.text(p, "");
                case "dryRun" -> r.dryRun = p.readValueAsTree();
                case "subResource" -> r.subResource = PodShape.text(p, "");
                case "namespace" -> r.namespace = PodShape.text(p, "");
                case "object" -> r.pod = PodShape.read(p);
                default -> p.skipChildren();
            }
        }
        return r;
    }

    private static Request skipped(JsonParser p) throws IOException {
        p.skipChildren();
        return null;
    }

    /**
     * The AdmissionReview answer: allowed, with the patch when there is one; UTF-8 JSON streamed into the buffer the
     * response is written from (no tree, no intermediate copy).
     */
    public static Buffer response(String uid, AdmissionDecision decision) {
        String patch = decision.patch();
        String message = decision.message();
        Buffer out = Buffer.buffer(160 + uid.length() + (patch == null ? 0 : patch.length() * 2) + (message == null ? 0 : message.length() + 32));
        try (JsonGenerator g = MAPPER.createGenerator(new BufferOutput(out))) {
            g.writeStartObject();
            g.writeStringField("apiVersion", API_VERSION);
            g.writeStringField("kind", "AdmissionReview");
            g.writeObjectFieldStart("response");
            g.writeStringField("uid", uid);
            g.writeBooleanField("allowed", true);
            if (patch != null) {
                g.writeStringField("patchType", "JSONPatch");
                g.writeFieldName("patch");
                g.writeBinary(patch.getBytes(StandardCharsets.UTF_8)); // MIME_NO_LINEFEEDS: standard alphabet, padded
            }
            if (message != null) {
                g.writeObjectFieldStart("status");
                g.writeStringField("message", message);
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            // strings and booleans into memory always serialise; this is a programming error
            throw new IllegalStateException("cannot write AdmissionReview response", e);
        }
        return out;
    }

    /** The generator's output: appended to a Vert.x buffer (the generator buffers, so this sees a few large writes). */
    private static final class BufferOutput extends OutputStream {
        private final Buffer out;

        BufferOutput(Buffer out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            out.appendByte((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.appendBytes(b, off, len);
        }
    }

    private static final Skip MALFORMED_NOT_OBJECT = skip("", AdmissionDecision.Result.MALFORMED, "request body is not a JSON object");

    private static Skip skip(String uid, AdmissionDecision.Result result, String message) {
        return new Skip(uid, AdmissionDecision.unchanged(result, message));
    }

    private static String firstLine(IOException e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
