package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.sim.SimulatedCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Actions never run after their useful life (issue 10), against the real broker and the simulated API server. */
@ExtendWith(SharedKafkaBroker.class)
class ActuatorExpiryIT {

    private static SimulatedCluster sim;
    private static ActuatorHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ActuatorHarness.onSimulatedCluster(Map.of("SPOTWISE_ACTUATOR_ACTION_MAX_AGE", "10m"));
        sim = h.sim();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static Pod runningPod(String ns, String name) {
        h.client.pods().inNamespace(ns).resource(new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().build()).create();
        return await().atMost(Duration.ofSeconds(20)).until(() -> h.client.pods().inNamespace(ns).withName(name).get(),
                p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()));
    }

    private static long evictions(String ns) {
        return sim.requests().stream().filter(r -> "eviction".equals(r.subresource()) && ns.equals(r.namespace())).count();
    }

    @Test
    @DisplayName("an action decided longer ago than SPOTWISE_ACTUATOR_ACTION_MAX_AGE → EXPIRED, the pod untouched, no Event")
    void tooOld() throws Exception {
        Pod pod = runningPod("exp-old", "web-1");
        Action decidedLongAgo = Actions.rebalance("exp-old", "web-1", pod.getMetadata().getUid(), Actions.WEB_UID,
                ActionReason.REBALANCE_EXCESS_SPOT, Instant.now().minus(Duration.ofMinutes(11)));
        h.send(decidedLongAgo);
        Outcome outcome = h.awaitOutcome(decidedLongAgo.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.EXPIRED);
        assertThat(outcome.detail()).contains("older than the maximum action age PT10M");
        assertThat(evictions("exp-old")).isZero();
        assertThat(h.events("exp-old")).isEmpty();
    }

    @Test
    @DisplayName("a fallback eviction whose fallback window has ended → EXPIRED, never executed (its pod would land on spot again)")
    void windowEnded() throws Exception {
        Pod pod = runningPod("exp-window", "web-1");
        Action action = Actions.fallbackEviction("exp-window", "web-1", pod.getMetadata().getUid(), Actions.WEB_UID,
                Instant.now().minus(Duration.ofMinutes(3))); // its 2m window ended a minute ago
        h.send(action);
        Outcome outcome = h.awaitOutcome(action.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.EXPIRED);
        assertThat(outcome.detail()).contains("fallback window it was decided for ended");
        assertThat(evictions("exp-window")).isZero();
    }
}
