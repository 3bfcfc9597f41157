package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.decider.policy.placement.JsonPatches;
import io.spotwise.decider.policy.placement.PodShape;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Spot pod JSON Patch (reference §3.3): only nodeSelector, toleration and label are touched")
class JsonPatchesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SpotwiseKeys KEYS = SpotwiseKeys.DEFAULT;

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource(delimiter = '|', value = {
            "empty maps missing | {\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[]}} | "
                    + "[{\"op\":\"add\",\"path\":\"/spec/nodeSelector\",\"value\":{\"spotwise.io/capacity-type\":\"interruptible\"}},"
                    + "{\"op\":\"add\",\"path\":\"/spec/tolerations\",\"value\":[{\"key\":\"spotwise.io/capacity-type\",\"operator\":\"Equal\",\"value\":\"interruptible\",\"effect\":\"NoSchedule\"}]},"
                    + "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"spotwise.io/spot-assigned\":\"true\"}}]",
            "maps present | {\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"nodeSelector\":{\"zone\":\"a\"},\"tolerations\":[]}} | "
                    + "[{\"op\":\"add\",\"path\":\"/spec/nodeSelector/spotwise.io~1capacity-type\",\"value\":\"interruptible\"},"
                    + "{\"op\":\"add\",\"path\":\"/spec/tolerations/-\",\"value\":{\"key\":\"spotwise.io/capacity-type\",\"operator\":\"Equal\",\"value\":\"interruptible\",\"effect\":\"NoSchedule\"}},"
                    + "{\"op\":\"add\",\"path\":\"/metadata/labels/spotwise.io~1spot-assigned\",\"value\":\"true\"}]",
            "null maps are treated as missing | {\"metadata\":{\"labels\":null},\"spec\":{\"nodeSelector\":null,\"tolerations\":null}} | "
                    + "[{\"op\":\"add\",\"path\":\"/spec/nodeSelector\",\"value\":{\"spotwise.io/capacity-type\":\"interruptible\"}},"
                    + "{\"op\":\"add\",\"path\":\"/spec/tolerations\",\"value\":[{\"key\":\"spotwise.io/capacity-type\",\"operator\":\"Equal\",\"value\":\"interruptible\",\"effect\":\"NoSchedule\"}]},"
                    + "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"spotwise.io/spot-assigned\":\"true\"}}]"})
    @DisplayName("patch shape per pod shape")
    void patchShape(String name, String pod, String expected) throws Exception {
        assertThat(JsonPatches.spotPod(shape(pod), KEYS)).isEqualTo(JSON.readTree(expected));
    }

    @Test
    @DisplayName("2 existing tolerations + 1 appended = 3; unknown fields and big numbers untouched")
    void appendsAndPreserves() throws Exception {
        String pod = """
                {"metadata":{"name":"web-1","labels":{"app":"web"},"x-unknown":{"deep":[1,2,3]}},
                 "spec":{"priority":123456789012345678901234567890,
                         "tolerations":[{"key":"a","operator":"Exists"},{"key":"b","operator":"Exists"}],
                         "nodeSelector":{"spotwise.io/capacity-type":"old"}}}""";
        JsonNode original = JSON.readTree(pod);
        JsonNode patched = apply(original.deepCopy(), JsonPatches.spotPod(shape(pod), KEYS));
        assertThat(patched.at("/spec/tolerations")).hasSize(3);
        assertThat(patched.at("/spec/tolerations/2/key").asText()).isEqualTo("spotwise.io/capacity-type");
        assertThat(patched.at("/spec/nodeSelector").get("spotwise.io/capacity-type").asText()).isEqualTo("interruptible");
        assertThat(patched.at("/metadata/labels").get("spotwise.io/spot-assigned").asText()).isEqualTo("true");
        ObjectNode expectedRest = (ObjectNode) original.deepCopy();
        ((ObjectNode) expectedRest.at("/spec")).set("tolerations", patched.at("/spec/tolerations"));
        ((ObjectNode) expectedRest.at("/spec")).set("nodeSelector", patched.at("/spec/nodeSelector"));
        ((ObjectNode) expectedRest.at("/metadata")).set("labels", patched.at("/metadata/labels"));
        assertThat(patched).isEqualTo(expectedRest);
        assertThat(patched.at("/spec/priority").bigIntegerValue()).isEqualTo(original.at("/spec/priority").bigIntegerValue());
    }

    @Test
    @DisplayName("a custom prefix is escaped in JSON pointers (/ → ~1, ~ → ~0)")
    void customPrefixEscaped() throws Exception {
        SpotwiseKeys datadog = new SpotwiseKeys("autoscaling.datadoghq.com");
        ArrayNode ops = JsonPatches.spotPod(shape("{\"metadata\":{\"labels\":{}},\"spec\":{\"nodeSelector\":{}}}"), datadog);
        assertThat(ops.get(0).get("path").asText()).isEqualTo("/spec/nodeSelector/autoscaling.datadoghq.com~1capacity-type");
        assertThat(ops.get(2).get("path").asText()).isEqualTo("/metadata/labels/autoscaling.datadoghq.com~1spot-assigned");
        assertThat(JsonPatches.escape("a~b/c")).isEqualTo("a~0b~1c");
    }

    /** A minimal RFC 6902 "add" applier, enough to check the patch against the pod. */
    /** The pod as the webhook reads it: one streaming pass over its JSON. */
    private static PodShape shape(String pod) throws Exception {
        try (JsonParser p = JSON.createParser(pod)) {
            p.nextToken();
            return PodShape.read(p);
        }
    }

    private static JsonNode apply(JsonNode doc, ArrayNode ops) {
        for (JsonNode op : ops) {
            String path = op.get("path").asText();
            int slash = path.lastIndexOf('/');
            JsonNode parent = doc.at(path.substring(0, slash));
            String token = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
            if (parent.isArray()) {
                ((ArrayNode) parent).add(op.get("value"));
            } else {
                ((ObjectNode) parent).set(token, op.get("value"));
            }
        }
        return doc;
    }
}
