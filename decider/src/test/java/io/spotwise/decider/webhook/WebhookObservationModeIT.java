package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.spotwise.decider.support.Reviews;
import io.spotwise.decider.support.WebhookClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Observation mode over real HTTPS: the webhook answers allowed without a patch and counts what it would have placed")
class WebhookObservationModeIT {

    private static Vertx vertx;
    private static final SimpleMeterRegistry perWorkloadRegistry = new SimpleMeterRegistry();
    private static final SimpleMeterRegistry clusterRegistry = new SimpleMeterRegistry();
    private static WebhookClient perWorkload;
    private static WebhookClient clusterWide;
    private static StateContext perWorkloadState;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        WebhookTls.Material tls = WebhookTls.selfSigned(List.of("localhost"));
        perWorkloadState = state(PolicySettings.DEFAULTS, true, "observed", false);
        await(perWorkloadState.call(s -> {
            s.apply(snapshot("web", false));
            return null;
        }));
        perWorkload = client(perWorkloadState, perWorkloadRegistry, tls);
        clusterWide = client(state(PolicySettings.DEFAULTS.withDryRun(true), false, "web", false), clusterRegistry, tls);
    }

    private static StateContext state(PolicySettings settings, boolean annotated, String name, boolean ignored) throws Exception {
        StateContext ctx = await(StateContext.create(vertx, new SpotState(settings)));
        await(ctx.call(s -> {
            s.apply(snapshot(name, annotated));
            return null;
        }));
        return ctx;
    }

    private static WorkloadSnapshot snapshot(String name, boolean dryRun) {
        return new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, WorkloadRef.deployment("shop", name), "uid-" + name, 3,
                true, null, SpotConfig.EMPTY, null, null, null, 1, "1", Instant.now(), null, dryRun);
    }

    private static WebhookClient client(StateContext state, SimpleMeterRegistry registry, WebhookTls.Material tls) throws Exception {
        WebhookServer server = new WebhookServer(vertx, new PolicyAdmissionDecider(state, new PlacementPolicy(), SpotwiseKeys.DEFAULT,
                () -> true, Clock.systemUTC()), Duration.ofMillis(1500), 64 * 1024, registry);
        return new WebhookClient(tls.certificatePem(), await(server.start(tls, 0)));
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    @DisplayName("<prefix>/spot-dry-run: \"true\" on the workload: allowed, no patch, counted as would-spot; other workloads still placed")
    void perWorkloadAnnotation() throws Exception {
        WebhookClient.Answer observed = perWorkload.post(Reviews.podCreate("uid-obs-1", "shop", "observed"));
        assertThat(observed.allowed()).isTrue();
        assertThat(observed.patch()).isNull();
        assertThat(observed.message()).contains("dry-run, would be spot");
        assertThat(perWorkloadRegistry.counter("spotwise.decider.webhook.decisions", "result", "would-spot").count()).isEqualTo(1);

        WebhookClient.Answer real = perWorkload.post(Reviews.podCreate("uid-web-1", "shop", "web"));
        assertThat(real.patch()).as("a workload without the annotation is placed for real").isNotNull();
    }

    @Test
    @DisplayName("SPOTWISE_DECIDER_DRY_RUN (cluster-wide): every managed pod is allowed unchanged and counted")
    void clusterWide() throws Exception {
        for (int i = 0; i < 3; i++) {
            WebhookClient.Answer a = clusterWide.post(Reviews.podCreate("uid-cw-" + i, "shop", "web"));
            assertThat(a.allowed()).isTrue();
            assertThat(a.patch()).isNull();
        }
        assertThat(clusterRegistry.counter("spotwise.decider.webhook.decisions", "result", "would-spot").count()).isEqualTo(3);
        assertThat(clusterRegistry.counter("spotwise.decider.webhook.decisions", "result", "spot").count()).isZero();
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
