package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotwise.contract.OwnerRef;
import io.spotwise.decider.policy.placement.PodShape;
import io.spotwise.decider.webhook.AdmissionDecision.Result;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("AdmissionReview read in one streaming pass: what placement needs, every refusal as before")
class AdmissionReviewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A review as the API server sends it: userInfo, options, the whole pod with containers and status. */
    private static final String REVIEW = """
            {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
              "uid":"705ab4f5-6393-11e8-b7cc-42010a800002",
              "kind":{"group":"","version":"v1","kind":"Pod"},
              "resource":{"group":"","version":"v1","resource":"pods"},
              "requestKind":{"group":"","version":"v1","kind":"Pod"},
              "namespace":"shop","operation":"CREATE",
              "userInfo":{"username":"system:serviceaccount:kube-system:replicaset-controller","groups":["system:serviceaccounts"]},
              "object":{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"web-7d4b9c-","namespace":"shop",
                  "labels":{"app":"web","pod-template-hash":"7d4b9c"},"annotations":{"a":"b"},
                  "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d4b9c","uid":"rs-uid",
                      "controller":true,"blockOwnerDeletion":true}]},
                "spec":{"containers":[{"name":"web","image":"nginx","resources":{"requests":{"cpu":"100m"}},
                    "env":[{"name":"A","value":"1"}]}],"priority":123456789012345678901234567890,
                  "tolerations":[{"key":"x","operator":"Exists"}]},
                "status":{}},
              "oldObject":null,"dryRun":false,"options":{"apiVersion":"meta.k8s.io/v1","kind":"CreateOptions"}}}""";

    @Test
    @DisplayName("a ReplicaSet's pod: uid, the request's namespace, names, owners, labels and which maps exist")
    void readsWhatPlacementNeeds() {
        PodAdmission admission = admit(REVIEW);
        assertThat(admission.uid()).isEqualTo("705ab4f5-6393-11e8-b7cc-42010a800002");
        assertThat(admission.namespace()).isEqualTo("shop");
        assertThat(admission.podName()).isEqualTo("web-7d4b9c-<generated>");
        PodShape pod = admission.pod();
        assertThat(pod.name()).isNull();
        assertThat(pod.owners()).containsExactly(new OwnerRef("ReplicaSet", "web-7d4b9c", "rs-uid"));
        assertThat(pod.labels()).isEqualTo(Map.of("app", "web", "pod-template-hash", "7d4b9c"));
        assertThat(List.of(pod.hasMetadata(), pod.hasLabels(), pod.hasAnnotations(), pod.hasSpec(), pod.hasNodeSelector(),
                pod.hasTolerations())).containsExactly(true, true, true, true, false, true);
    }

    @Test
    @DisplayName("field order does not matter: request before kind, object before uid")
    void anyFieldOrder() {
        String reordered = """
                {"request":{"object":{"spec":{},"metadata":{"name":"p","namespace":"from-pod"}},"operation":"CREATE",
                  "uid":"u1","kind":{"kind":"Pod","version":"v1","group":""}},"kind":"AdmissionReview"}""";
        PodAdmission admission = admit(reordered);
        assertThat(admission.uid()).isEqualTo("u1");
        assertThat(admission.namespace()).as("no request.namespace: the pod's own").isEqualTo("from-pod");
        assertThat(admission.podName()).isEqualTo("p");
        assertThat(admission.pod().hasLabels()).isFalse();
        assertThat(admission.pod().hasAnnotations()).isFalse();
    }

    @Test
    @DisplayName("a repeated key counts with its last value, as in a parsed tree; null maps are missing maps")
    void repeatedKeysAndNulls() {
        String review = """
                {"kind":"AdmissionReview","request":{"uid":"u2","kind":{"kind":"Pod"},"operation":"CREATE","namespace":"ns",
                  "object":{"metadata":{"name":"first","labels":{"a":"1"}},"spec":{"nodeSelector":{}},
                            "metadata":{"name":"second","labels":null,"annotations":null},"spec":{"tolerations":null}}}}""";
        PodShape pod = admit(review).pod();
        assertThat(pod.name()).isEqualTo("second");
        assertThat(pod.labels()).isEmpty();
        assertThat(List.of(pod.hasLabels(), pod.hasAnnotations(), pod.hasNodeSelector(), pod.hasTolerations()))
                .containsExactly(false, false, false, false);
    }

    @Test
    @DisplayName("every refusal keeps its result and message")
    void refusals() {
        assertSkip("not json", "", Result.MALFORMED, "request body is not JSON: ");
        assertSkip("[]", "", Result.MALFORMED, "request body is not a JSON object");
        assertSkip("", "", Result.MALFORMED, "request body is not a JSON object");
        assertSkip(REVIEW.replace("\"AdmissionReview\"", "\"Other\""), "705ab4f5-6393-11e8-b7cc-42010a800002", Result.MALFORMED,
                "not an AdmissionReview with request.uid");
        assertSkip("{\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"\"}}", "", Result.MALFORMED,
                "not an AdmissionReview with request.uid");
        assertSkip(REVIEW.replace("\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"}",
                "\"kind\":{\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"}"), "705ab4f5-6393-11e8-b7cc-42010a800002",
                Result.NOT_APPLICABLE, "not a core/v1 Pod: {\"group\":\"apps\",\"version\":\"v1\",\"kind\":\"Deployment\"}");
        assertSkip(REVIEW.replace("\"CREATE\"", "\"UPDATE\""), "705ab4f5-6393-11e8-b7cc-42010a800002", Result.NOT_APPLICABLE,
                "operation UPDATE is not decided");
        assertSkip(REVIEW.replace("\"dryRun\":false", "\"dryRun\":true"), "705ab4f5-6393-11e8-b7cc-42010a800002", Result.DRY_RUN,
                "dry run");
        assertSkip(REVIEW.replace("\"namespace\":\"shop\",\"operation\"", "\"subResource\":\"ephemeralcontainers\",\"operation\""),
                "705ab4f5-6393-11e8-b7cc-42010a800002", Result.NOT_APPLICABLE, "sub-resource ephemeralcontainers");
        assertSkip(REVIEW.replace("\"spec\":{\"containers\"", "\"notspec\":{\"containers\""), "705ab4f5-6393-11e8-b7cc-42010a800002",
                Result.MALFORMED, "request.object is not a pod with a spec");
        assertSkip("{\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\",\"kind\":{\"kind\":\"Pod\"},\"operation\":\"CREATE\",\"object\":[1]}}",
                "u", Result.MALFORMED, "request.object is not a pod with a spec");
    }

    @Test
    @DisplayName("a syntax error inside a part that is skipped still makes the body unreadable, never half-read")
    void syntaxErrorInSkippedPart() {
        assertSkip(REVIEW.replace("\"image\":\"nginx\"", "\"image\" \"nginx\""), "", Result.MALFORMED, "request body is not JSON: ");
    }

    @Test
    @DisplayName("the answer: allowed, the patch in standard padded base64, the message; nothing else")
    void response() throws Exception {
        String patch = "[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"é\":\"true\"}}]";
        JsonNode answer = JSON.readTree(AdmissionReviews.response("u3", AdmissionDecision.spot(patch, "spot: why")).getBytes());
        assertThat(answer.toString()).isEqualTo("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{"
                + "\"uid\":\"u3\",\"allowed\":true,\"patchType\":\"JSONPatch\",\"patch\":\""
                + Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)) + "\",\"status\":{\"message\":\"spot: why\"}}}");
        JsonNode unchanged = JSON.readTree(AdmissionReviews.response("u4", AdmissionDecision.unchanged(Result.ON_DEMAND, "on \"demand\"")).getBytes());
        assertThat(unchanged.path("response").has("patch")).isFalse();
        assertThat(unchanged.path("response").path("status").path("message").asText()).isEqualTo("on \"demand\"");
    }

    private static PodAdmission admit(String review) {
        AdmissionReviews.Parsed parsed = AdmissionReviews.parse(review.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(AdmissionReviews.Admit.class);
        return ((AdmissionReviews.Admit) parsed).admission();
    }

    private static void assertSkip(String body, String uid, Result result, String messageStart) {
        AdmissionReviews.Parsed parsed = AdmissionReviews.parse(body.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).as(body).isInstanceOf(AdmissionReviews.Skip.class);
        AdmissionReviews.Skip skip = (AdmissionReviews.Skip) parsed;
        assertThat(skip.uid()).as(body).isEqualTo(uid);
        assertThat(skip.decision().result()).as(body).isEqualTo(result);
        assertThat(skip.decision().message()).as(body).startsWith(messageStart);
    }
}
