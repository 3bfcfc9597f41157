package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.state.StateContext;
import io.spotwise.decider.support.JsonPatchApplier;
import io.spotwise.decider.support.Reviews;
import io.spotwise.decider.support.WebhookClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The webhook over real HTTPS with real AdmissionReview documents, placing with the real policy (no Kafka needed). */
class WebhookServerIT {

    private static final SpotwiseKeys KEYS = SpotwiseKeys.DEFAULT;
    private static Vertx vertx;
    private static StateContext state;
    private static final AtomicBoolean ready = new AtomicBoolean(true);
    private static WebhookClient client;
    private static WebhookClient slowClient;
    private static final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        state = await(StateContext.create(vertx, new SpotState(PolicySettings.DEFAULTS)));
        await(state.call(s -> {
            s.apply(new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, WorkloadRef.deployment("shop", "web"), "uid-web", 3, true,
                    null, SpotConfig.EMPTY, null, null, null, 1, "1", Instant.now()));
            return null;
        }));
        WebhookTls.Material tls = WebhookTls.selfSigned(java.util.List.of("localhost"));
        WebhookServer server = new WebhookServer(vertx, new PolicyAdmissionDecider(state, new PlacementPolicy(), KEYS, ready::get,
                Clock.systemUTC()), Duration.ofMillis(1500), 64 * 1024, registry);
        client = new WebhookClient(tls.certificatePem(), await(server.start(tls, 0)));
        // a decider that never answers: the webhook must answer on its own before the API server gives up
        WebhookServer slow = new WebhookServer(vertx, a -> Promise.<AdmissionDecision>promise().future(), Duration.ofMillis(200),
                64 * 1024, new SimpleMeterRegistry());
        slowClient = new WebhookClient(tls.certificatePem(), await(slow.start(tls, 0)));
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    @DisplayName("a pod of an opted-in workload gets a JSON Patch that adds the spot fields and leaves every other field, unknown fields and big numbers intact")
    void spotPatchKeepsEverythingElse() throws Exception {
        String review = Reviews.podCreate("uid-spot-1", "shop", "web");
        WebhookClient.Answer answer = client.post(review);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.response().path("uid").asText()).isEqualTo("uid-spot-1");
        assertThat(answer.allowed()).isTrue();
        assertThat(answer.response().path("patchType").asText()).isEqualTo("JSONPatch");
        JsonNode original = WebhookClient.EXACT.readTree(review).path("request").path("object");
        JsonNode patched = JsonPatchApplier.apply(original, answer.patch());

        assertThat(patched.at("/spec/nodeSelector").get(KEYS.capacityType()).asText()).isEqualTo("interruptible");
        assertThat(patched.at("/metadata/labels").get(KEYS.spotAssigned()).asText()).isEqualTo("true");
        assertThat(patched.at("/metadata/annotations").get(KEYS.decision()).asText())
                .as("the spot pod names the decision that placed it").matches("[0-9a-f-]{36} BELOW_SPOT_SHARE 0 spot / 0 on-demand \\(100 %, min 0\\)");
        assertThat(patched.at("/spec/tolerations")).hasSize(2);
        assertThat(patched.at("/spec/tolerations/0")).isEqualTo(original.at("/spec/tolerations/0"));
        assertThat(patched.at("/spec/tolerations/1").toString()).isEqualTo(
                "{\"key\":\"spotwise.io/capacity-type\",\"operator\":\"Equal\",\"value\":\"interruptible\",\"effect\":\"NoSchedule\"}");
        assertThat(patched.at("/spec/terminationGracePeriodSeconds").bigIntegerValue())
                .isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(patched.at("/spec/x-future-field/ratio").decimalValue().toPlainString()).isEqualTo("0.10000000000000000000000001");

        ObjectNode withoutOurs = (ObjectNode) patched.deepCopy();
        ((ObjectNode) withoutOurs.at("/spec")).remove("nodeSelector");
        ((ArrayNode) withoutOurs.at("/spec/tolerations")).remove(1);
        ((ObjectNode) withoutOurs.at("/metadata/labels")).remove(KEYS.spotAssigned());
        ((ObjectNode) withoutOurs.at("/metadata/annotations")).remove(KEYS.decision());
        assertThat(withoutOurs).isEqualTo(original);
        assertThat(registry.counter("spotwise.decider.webhook.decisions", "result", "spot").count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @DisplayName("a dry-run CREATE is allowed unchanged and records no in-flight admission")
    void dryRun() throws Exception {
        int before = await(state.call(s -> s.inFlightAdmissions(WorkloadRef.deployment("shop", "web"), Instant.now())));
        WebhookClient.Answer answer = client.post(Reviews.podCreate("uid-dry", "shop", "web", true, "CREATE"));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.response().path("uid").asText()).isEqualTo("uid-dry");
        assertThat(answer.patch()).isNull();
        assertThat(answer.message()).contains("dry run");
        int after = await(state.call(s -> s.inFlightAdmissions(WorkloadRef.deployment("shop", "web"), Instant.now())));
        assertThat(after).isEqualTo(before);
    }

    @Test
    @DisplayName("before the state has caught up with Kafka, pods are allowed unchanged")
    void notCaughtUp() {
        ready.set(false);
        try {
            WebhookClient.Answer answer = client.post(Reviews.podCreate("uid-early", "shop", "web"));
            assertThat(answer.allowed()).isTrue();
            assertThat(answer.patch()).isNull();
            assertThat(answer.message()).contains("not yet caught up");
        } finally {
            ready.set(true);
        }
    }

    @Test
    @DisplayName("a pod of an unknown workload, an UPDATE and a garbage body are all allowed unchanged")
    void failOpen() {
        WebhookClient.Answer unknown = client.post(Reviews.podCreate("uid-unknown", "shop", "nobody"));
        assertThat(unknown.allowed()).isTrue();
        assertThat(unknown.patch()).isNull();
        assertThat(unknown.message()).contains("WORKLOAD_UNKNOWN");

        WebhookClient.Answer update = client.post(Reviews.podCreate("uid-update", "shop", "web", false, "UPDATE"));
        assertThat(update.allowed()).isTrue();
        assertThat(update.patch()).isNull();

        WebhookClient.Answer garbage = client.post("{this is not json");
        assertThat(garbage.status()).isEqualTo(200);
        assertThat(garbage.allowed()).isTrue();
        assertThat(garbage.patch()).isNull();
    }

    @Test
    @DisplayName("a body above the size limit is refused with 413 and an allowed answer")
    void tooLarge() {
        String huge = Reviews.podCreate("uid-huge", "shop", "web").replace("\"status\": {}", "\"status\": {\"pad\": \"" + "x".repeat(70_000) + "\"}");
        WebhookClient.Answer answer = client.post(huge);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.allowed()).isTrue();
        assertThat(answer.patch()).isNull();
    }

    @Test
    @DisplayName("when no decision comes within the webhook timeout, the pod is allowed unchanged")
    void timeout() {
        WebhookClient.Answer answer = slowClient.post(Reviews.podCreate("uid-slow", "shop", "web"));
        assertThat(answer.allowed()).isTrue();
        assertThat(answer.response().path("uid").asText()).isEqualTo("uid-slow");
        assertThat(answer.patch()).isNull();
        assertThat(answer.message()).contains("no decision within 200 ms");
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
