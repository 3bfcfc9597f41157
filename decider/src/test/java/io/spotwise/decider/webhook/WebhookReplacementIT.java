package io.spotwise.decider.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.decider.decisions.DecisionSink;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.state.StateContext;
import io.spotwise.decider.support.Reviews;
import io.spotwise.decider.support.StateTopics;
import io.spotwise.decider.support.WebhookClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A replacement pod: the ReplicaSet controller creates it as soon as a pod is deleted, so its admission reaches the
 * decider before the watcher's record of the deletion does. Placed on the stale counts it went to the wrong capacity
 * type and rebalancing evicted a pod to fix it (PlacementEndToEndIT#podReplacement, the bench's smoke run); the webhook
 * now waits, bounded, until the owner no longer has all the pods its workload asks for.
 */
class WebhookReplacementIT {

    private static final Duration WEBHOOK_TIMEOUT = Duration.ofMillis(1500);
    private static final WorkloadRef WEB = WorkloadRef.deployment("shop", "web");
    private Vertx vertx;
    private StateContext state;
    private WebhookClient client;
    private final List<PodSnapshot> pods = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        state = await(StateContext.create(vertx, new SpotState(PolicySettings.DEFAULTS)));
        // 10 replicas at 60 % / min 2, balanced: 6 spot, 4 on-demand, all Running
        for (int i = 0; i < 10; i++) {
            pods.add(StateTopics.pod(WEB, i, i < 6, "Running", i < 6 ? "spot-1" : "od-1", Instant.now().minusSeconds(600)));
        }
        state.run(s -> {
            s.apply(StateTopics.workload(WEB, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}", 60, 2));
            pods.forEach(s::apply);
        });
        WebhookTls.Material tls = WebhookTls.selfSigned(List.of("localhost"));
        // wired as the Decider wires it: two thirds of the webhook timeout
        PolicyAdmissionDecider decider = new PolicyAdmissionDecider(state, new PlacementPolicy(), SpotwiseKeys.DEFAULT,
                () -> true, Clock.systemUTC(), DecisionSink.NONE, "test", WEBHOOK_TIMEOUT.multipliedBy(2).dividedBy(3));
        WebhookServer server = new WebhookServer(vertx, decider, WEBHOOK_TIMEOUT, 64 * 1024, new SimpleMeterRegistry());
        client = new WebhookClient(tls.certificatePem(), await(server.start(tls, 0)));
        // the first TLS call of a JVM can take seconds on a loaded machine: warm up (a pod of an unknown workload)
        Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> client.post(Reviews.podCreate("uid-warm-up", "warm", "up")).allowed());
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    @DisplayName("the replacement of a deleted spot pod goes to spot, though the deletion reaches the decider after the admission")
    void replacementOfASpotPodWhoseDeletionArrivesLate() {
        PodSnapshot deleted = pods.get(0);
        vertx.setTimer(150, id -> state.run(s -> s.removePod(deleted.pod().key())));

        WebhookClient.Answer answer = client.post(Reviews.podCreate("uid-replacement-1", "shop", "web"));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.message()).contains("BELOW_SPOT_SHARE");
        assertThat(answer.patch()).as("the spot patch").isNotNull();
    }

    @Test
    @DisplayName("a pod beyond the replicas the decider knows (its scale-up not seen yet) is still placed, within the webhook timeout")
    void podBeyondTheKnownReplicas() {
        WebhookClient.Answer answer = client.post(Reviews.podCreate("uid-surplus-1", "shop", "web"));

        assertThat(answer.allowed()).isTrue();
        assertThat(answer.message()).contains("SPOT_SHARE_REACHED");
        assertThat(answer.patch()).isNull();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
