package io.spotwise.decider.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads {@code admission.k8s.io/v1} AdmissionReview requests and writes their responses. The pod object is kept as a
 * tree and never re-serialised: a spot patch only adds paths, so unknown fields and big numbers stay as they were.
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

    public static Parsed parse(byte[] body) {
        JsonNode review;
        try {
            review = MAPPER.readTree(body);
        } catch (IOException e) {
            return skip("", AdmissionDecision.Result.MALFORMED, "request body is not JSON: " + firstLine(e));
        }
        if (review == null || !review.isObject()) {
            return skip("", AdmissionDecision.Result.MALFORMED, "request body is not a JSON object");
        }
        JsonNode request = review.path("request");
        String uid = request.path("uid").asText("");
        if (!"AdmissionReview".equals(review.path("kind").asText()) || !request.isObject() || uid.isEmpty()) {
            return skip(uid, AdmissionDecision.Result.MALFORMED, "not an AdmissionReview with request.uid");
        }
        JsonNode kind = request.path("kind");
        if (!"Pod".equals(kind.path("kind").asText()) || !kind.path("group").asText("").isEmpty()) {
            return skip(uid, AdmissionDecision.Result.NOT_APPLICABLE, "not a core/v1 Pod: " + kind);
        }
        String operation = request.path("operation").asText();
        if (!"CREATE".equals(operation)) {
            return skip(uid, AdmissionDecision.Result.NOT_APPLICABLE, "operation " + operation + " is not decided");
        }
        if (request.path("dryRun").asBoolean(false)) {
            return skip(uid, AdmissionDecision.Result.DRY_RUN, "dry run: nothing decided, nothing recorded");
        }
        if (!request.path("subResource").asText("").isEmpty()) {
            return skip(uid, AdmissionDecision.Result.NOT_APPLICABLE, "sub-resource " + request.path("subResource").asText());
        }
        JsonNode pod = request.path("object");
        if (!pod.isObject() || !pod.path("spec").isObject()) {
            return skip(uid, AdmissionDecision.Result.MALFORMED, "request.object is not a pod with a spec");
        }
        String namespace = request.path("namespace").asText("");
        if (namespace.isEmpty()) {
            namespace = pod.path("metadata").path("namespace").asText("");
        }
        return new Admit(uid, new PodAdmission(uid, namespace, pod));
    }

    /** The AdmissionReview answer: allowed, with the patch when there is one; UTF-8 JSON, written without a String. */
    public static byte[] response(String uid, AdmissionDecision decision) {
        ObjectNode review = MAPPER.createObjectNode();
        review.put("apiVersion", API_VERSION);
        review.put("kind", "AdmissionReview");
        ObjectNode response = review.putObject("response");
        response.put("uid", uid);
        response.put("allowed", true);
        if (decision.patch() != null) {
            response.put("patchType", "JSONPatch");
            response.put("patch", Base64.getEncoder().encodeToString(decision.patch().getBytes(StandardCharsets.UTF_8)));
        }
        if (decision.message() != null) {
            response.putObject("status").put("message", decision.message());
        }
        try {
            return MAPPER.writeValueAsBytes(review);
        } catch (JsonProcessingException e) {
            // a tree of strings and booleans always serialises; this is a programming error
            throw new IllegalStateException("cannot write AdmissionReview response", e);
        }
    }

    private static Skip skip(String uid, AdmissionDecision.Result result, String message) {
        return new Skip(uid, AdmissionDecision.unchanged(result, message));
    }

    private static String firstLine(IOException e) {
        String m = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
