package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

@DisplayName("docker-compose.yml is a valid Compose file that runs Kafka, k3s and the three services with healthchecks")
class ComposeFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parsed as Docker Compose does: anchors and merge keys ({@code <<: *x}) resolved. */
    private static JsonNode compose() {
        Map<String, Object> tree = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(DeployFiles.read(DeployFiles.repoRoot().resolve("docker-compose.yml")));
        return JSON.valueToTree(tree);
    }

    static Set<ValidationMessage> validate(JsonNode document) throws IOException {
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/compose-spec.json")) {
            ObjectNode schema = (ObjectNode) JSON.readTree(in);
            // The specification's "$id" is relative ("compose_spec.json"), which the validator refuses as a base URI.
            schema.put("$id", "https://github.com/compose-spec/compose-spec/schema/compose-spec.json");
            JsonSchema compose = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
            return compose.validate(document);
        }
    }

    @Test
    @DisplayName("validates against the Compose Specification's JSON schema")
    void validAgainstTheSpecification() throws IOException {
        assertThat(validate(compose())).isEmpty();
    }

    @Test
    @DisplayName("the schema check is real: a misspelled service key is reported")
    void schemaCatchesMistakes() throws IOException {
        JsonNode broken = JSON.readTree("{\"services\": {\"kafka\": {\"image\": \"apache/kafka:4.1.2\", \"helthcheck\": {}}}}");

        assertThat(validate(broken)).extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains("helthcheck"));
    }

    @Test
    @DisplayName("Kafka is the official image in KRaft mode, k3s is real and privileged")
    void infrastructure() {
        JsonNode services = compose().get("services");

        assertThat(services.at("/kafka/image").asText()).isEqualTo("apache/kafka:4.1.2");
        assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
        assertThat(services.at("/k3s/image").asText()).startsWith("rancher/k3s:");
        assertThat(services.at("/k3s/privileged").asBoolean()).isTrue();
        assertThat(services.at("/k3s/environment/K3S_KUBECONFIG_OUTPUT").asText()).startsWith("/kube/");
        assertThat(services.at("/webhook-register/command/0").asText())
                .contains("kubectl apply -k /spotwise/k8s/overlays/compose").contains("caBundle");
    }

    @Test
    @DisplayName("each service is built from the one Dockerfile, runs read-only as non-root, and is health-checked on its ops port")
    void services() {
        JsonNode services = compose().get("services");
        Map<String, Integer> opsPorts = Map.of("watcher", 8081, "decider", 8082, "actuator", 8083);

        opsPorts.forEach((service, port) -> {
            JsonNode s = services.get(service);
            assertThat(s.at("/build/args/SERVICE").asText()).as(service).isEqualTo(service);
            assertThat(s.at("/read_only").asBoolean()).as(service).isTrue();
            assertThat(s.at("/user").asText()).as(service).isEqualTo("10001:10001");
            assertThat(s.at("/environment/SPOTWISE_OPS_PORT").asText()).as(service).isEqualTo(port.toString());
            assertThat(s.at("/environment/KUBECONFIG").asText()).as(service).isEqualTo("/kube/kubeconfig-compose.yaml");
            assertThat(s.at("/environment/KAFKA_BOOTSTRAP_SERVERS").asText()).as(service).isEqualTo("kafka:9092");
            assertThat(s.at("/healthcheck/test").toString()).as(service).contains("/dev/tcp/127.0.0.1/" + port).contains("/readyz");
            assertThat(s.at("/depends_on/setup/condition").asText()).as(service).isEqualTo("service_completed_successfully");
            assertThat(s.at("/depends_on/kafka/condition").asText()).as(service).isEqualTo("service_healthy");
        });
        assertThat(services.at("/decider/healthcheck/test").toString()).contains("/dev/tcp/127.0.0.1/8443");
    }
}
