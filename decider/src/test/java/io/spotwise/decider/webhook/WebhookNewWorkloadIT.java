package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.decisions.DecisionSink;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.state.StateContext;
import io.spotwise.decider.support.Reviews;
import io.spotwise.decider.support.WebhookClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The first pods of a new workload: the controller creates them before the watcher's record of the workload reaches
 * the decider. They used to be admitted unchanged (on-demand, untracked); the webhook now waits, bounded, for the
 * record (found by the e2e fallback scenario and the chaos campaign).
 */
class WebhookNewWorkloadIT {

    private static final Duration WEBHOOK_TIMEOUT = Duration.ofMillis(1500);
    private static Vertx vertx;
    private static StateContext state;
    private static WebhookClient client;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        state = await(StateContext.create(vertx, new SpotState(PolicySettings.DEFAULTS)));
        WebhookTls.Material tls = WebhookTls.selfSigned(List.of("localhost"));
        // wired as the Decider wires it: two thirds of the webhook timeout
        PolicyAdmissionDecider decider = new PolicyAdmissionDecider(state, new PlacementPolicy(), SpotwiseKeys.DEFAULT,
                () -> true, Clock.systemUTC(), DecisionSink.NONE, "test", WEBHOOK_TIMEOUT.multipliedBy(2).dividedBy(3));
        // the watcher's record of a new workload arrives 150 ms after the API server asked about its first pod
        AdmissionDecider recordLate = admission -> {
            if (admission.podName().startsWith("late-")) {
                vertx.setTimer(150, id -> state.run(s -> s.apply(snapshot("late"))));
            }
            return decider.decide(admission);
        };
        WebhookServer server = new WebhookServer(vertx, recordLate, WEBHOOK_TIMEOUT, 64 * 1024, new SimpleMeterRegistry());
        client = new WebhookClient(tls.certificatePem(), await(server.start(tls, 0)));
        // the first TLS call of a JVM can take seconds on a loaded machine: warm up before timing anything
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> client.post(Reviews.podCreate("uid-warm-up", "warm", "up")).allowed());
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    @DisplayName("a pod created just before its new opted-in Deployment's record arrives is placed on spot, not admitted unchanged")
    void podOfAWorkloadWhoseRecordArrivesMomentsLater() {
        WebhookClient.Answer answer = client.post(Reviews.podCreate("uid-late-1", "shop", "late"));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.message()).contains("BELOW_SPOT_SHARE");
        assertThat(answer.patch()).as("the spot patch").isNotNull();
    }

    @Test
    @DisplayName("a pod whose workload never becomes known is admitted unchanged, within the webhook timeout")
    void podOfAWorkloadNeverKnown() {
        WebhookClient.Answer answer = client.post(Reviews.podCreate("uid-ghost-1", "shop", "ghost"));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.patch()).isNull();
        assertThat(answer.message()).contains("WORKLOAD_UNKNOWN");
    }

    private static WorkloadSnapshot snapshot(String name) {
        return new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, WorkloadRef.deployment("shop", name), "uid-" + name, 3, true,
                null, SpotConfig.EMPTY, null, null, null, 1, "1", Instant.now());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
