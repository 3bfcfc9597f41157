package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.spotwise.actuator.events.EventMessages;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consumer rides out rebalances, slow and failing APIs and a broker outage (issue 10). Slowness and transient
 * failures are scripted on fabric8's mock API server (the simulated cluster answers at once and never fails).
 */
@ExtendWith(SharedKafkaBroker.class)
class ActuatorResilienceIT {

    private static ActuatorHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new ActuatorHarness(Map.of("SPOTWISE_ACTUATOR_API_TIMEOUT", "5s",
                "KAFKA_DELIVERY_TIMEOUT_MS", "6000", "KAFKA_REQUEST_TIMEOUT_MS", "3000"));
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static String evictionPath(String ns, String pod) {
        return "/api/v1/namespaces/" + ns + "/pods/" + pod + "/eviction";
    }

    private static Status success() {
        return new StatusBuilder().withStatus("Success").withCode(201).build();
    }

    @Test
    @DisplayName("a second replica joins while an eviction is slow: the running consumer stays alive, finishes the eviction before it "
            + "hands the partition over, and the action has one eviction and one outcome; later actions are all carried out")
    void rebalanceDuringSlowEviction() throws Exception {
        Pod pod = h.pod("rb", "web-1", "Running");
        h.server.expect().post().delay(3, TimeUnit.SECONDS).withPath(evictionPath("rb", "web-1")).andReturn(201, success()).always();
        Action slow = Actions.rebalance("rb", "web-1", pod.getMetadata().getUid(), h.webUid("rb"), ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(slow);
        await().atMost(Duration.ofSeconds(30)).until(() -> !h.requests("POST", evictionPath("rb", "web-1")).isEmpty());
        Actuator other = h.replica("spotwise-actuator-joining");
        try {
            Outcome outcome = h.awaitOutcome(slow.id());
            assertThat(outcome.result()).isEqualTo(OutcomeResult.EVICTED);
            await().atMost(Duration.ofSeconds(60)).until(() -> other.ready() && h.actuator.ready());
            List<Action> later = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Action a = Actions.configInvalid("rb", "web" + i, "marker " + i);
                later.add(a);
                h.send(a);
            }
            for (Action a : later) {
                assertThat(h.awaitOutcome(a.id()).result()).isIn(OutcomeResult.ALREADY_GONE, OutcomeResult.REPORTED);
            }
            assertThat(h.outcomes(slow.id())).hasSize(1);
            assertThat(h.requests("POST", evictionPath("rb", "web-1"))).hasSize(1);
            assertThat(ActuatorHarness.status(h.actuator, "/healthz")).isEqualTo(200);
            assertThat(ActuatorHarness.status(other, "/healthz")).isEqualTo(200);
        } finally {
            other.close();
        }
    }

    @Test
    @DisplayName("the partitions are handed back to the same replica while its guard reads are slow: an action cancelled by the "
            + "revocation and delivered again gets one outcome, not one per copy (campaign run 23: REJECTED twice)")
    void partitionBackWhilePreparing() throws Exception {
        List<DisableSpot> actions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String ns = "back" + i;
            var d = h.client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("web")
                    .withNamespace(ns).endMetadata().withNewSpec().withReplicas(1).endSpec().build()).create(); // not opted in
            h.server.expect().get().delay(4, TimeUnit.SECONDS).withPath("/apis/apps/v1/namespaces/" + ns + "/deployments/web")
                    .andReturn(200, d).always();
            actions.add(Actions.disable(ns, "web", d.getMetadata().getUid(), Instant.now().plusSeconds(600)));
        }
        for (DisableSpot a : actions) {
            h.send(a);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !h.requests("GET", "/apis/apps/v1/namespaces/back0/deployments/web").isEmpty()
                || !h.requests("GET", "/apis/apps/v1/namespaces/back1/deployments/web").isEmpty());
        Actuator other = h.replica("zz-joining");
        try {
            for (DisableSpot a : actions) {
                assertThat(h.awaitOutcome(a.id()).result()).isEqualTo(OutcomeResult.REJECTED);
            }
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                for (DisableSpot a : actions) {
                    assertThat(h.outcomes(a.id())).as("outcomes of " + a.workload()).hasSize(1);
                }
            });
        } finally {
            other.close();
        }
    }

    @Test
    @DisplayName("an Eviction POST that never gets an answer is bounded by SPOTWISE_ACTUATOR_API_TIMEOUT: FAILED after the retries, "
            + "and the next action is carried out")
    void evictionWithoutAnswer() throws Exception {
        Pod pod = h.pod("hang", "web-1", "Running");
        h.server.expect().post().delay(120, TimeUnit.SECONDS).withPath(evictionPath("hang", "web-1")).andReturn(201, success()).always();
        Action action = Actions.rebalance("hang", "web-1", pod.getMetadata().getUid(), h.webUid("hang"), ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(action);
        Outcome outcome = await().atMost(Duration.ofSeconds(60)).until(() -> h.outcomes(action.id()), l -> !l.isEmpty()).get(0);
        assertThat(outcome.result()).isEqualTo(OutcomeResult.FAILED);
        assertThat(outcome.detail()).contains("no answer from the API server");
        Action next = Actions.configInvalid("hang", "web", h.webUid("hang"), "{\"percentage\":101}");
        h.send(next);
        assertThat(h.awaitOutcome(next.id()).result()).isEqualTo(OutcomeResult.REPORTED);
    }

    @Test
    @DisplayName("an eviction the API server carried out but whose answer was lost (API timeout), and whose retry finds the pod gone: "
            + "EVICTED with its one Event, not ALREADY_GONE without one")
    void evictionAnswerLost() throws Exception {
        Pod pod = h.pod("lost", "web-1", "Running");
        h.server.expect().post().delay(8, TimeUnit.SECONDS).withPath(evictionPath("lost", "web-1")).andReturn(201, success()).once();
        h.server.expect().post().withPath(evictionPath("lost", "web-1")).andReturn(404, new StatusBuilder().withCode(404)
                .withReason("NotFound").withMessage("pods \"web-1\" not found").build()).once();
        Action action = Actions.rebalance("lost", "web-1", pod.getMetadata().getUid(), h.webUid("lost"), ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(action);
        Outcome outcome = h.awaitOutcome(action.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.EVICTED);
        assertThat(outcome.event()).isNotNull();
        assertThat(h.events("lost")).singleElement().satisfies(e -> assertThat(e.getReason()).isEqualTo("SpotRebalancingEviction"));
    }

    @Test
    @DisplayName("a 503 on the annotation patch and on the Event create are retried: PATCHED with its one Event, not FAILED")
    void transientPatchAndEventErrors() throws Exception {
        var d = h.client.apps().deployments().inNamespace("retry").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("retry").addToLabels("spotwise.io/spot-enabled", "true").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build()).create();
        Status unavailable = new StatusBuilder().withCode(503).withMessage("etcd leader changed").build();
        h.server.expect().patch().withPath("/apis/apps/v1/namespaces/retry/deployments/web").andReturn(503, unavailable).once();
        h.server.expect().post().withPath("/api/v1/namespaces/retry/events").andReturn(503, unavailable).once();
        Action disable = Actions.disable("retry", "web", d.getMetadata().getUid(),
                Instant.now().plusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        h.send(disable);
        Outcome outcome = h.awaitOutcome(disable.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.PATCHED);
        assertThat(outcome.event()).isNotNull();
        assertThat(h.client.apps().deployments().inNamespace("retry").withName("web").get().getMetadata().getAnnotations())
                .containsEntry("spotwise.io/spot-disabled-until", EventMessages.rfc3339(((DisableSpot) disable).disabledUntil()));
        assertThat(h.events("retry")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("SpotSchedulingDisabled");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(d.getMetadata().getUid());
        });
    }

    @Test
    @DisplayName("an annotation patch and an Event create whose answers come after SPOTWISE_ACTUATOR_API_TIMEOUT are retried: PATCHED "
            + "with its one Event, not PATCHED without one (campaign runs 25 and 26)")
    void patchAndEventAnswersLate() throws Exception {
        var d = h.client.apps().deployments().inNamespace("late").resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace("late").addToLabels("spotwise.io/spot-enabled", "true").endMetadata()
                .withNewSpec().withReplicas(1).endSpec().build()).create();
        h.server.expect().patch().delay(8, TimeUnit.SECONDS).withPath("/apis/apps/v1/namespaces/late/deployments/web").andReturn(200, d).once();
        h.server.expect().post().delay(8, TimeUnit.SECONDS).withPath("/api/v1/namespaces/late/events").andReturn(201, new EventBuilder()
                .withNewMetadata().withName("late").endMetadata().build()).once();
        Action disable = Actions.disable("late", "web", d.getMetadata().getUid(),
                Instant.now().plusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        h.send(disable);
        Outcome outcome = h.awaitOutcome(disable.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.PATCHED);
        assertThat(outcome.event()).as("the outcome names its Event").isNotNull();
        assertThat(h.client.apps().deployments().inNamespace("late").withName("web").get().getMetadata().getAnnotations())
                .containsEntry("spotwise.io/spot-disabled-until", EventMessages.rfc3339(((DisableSpot) disable).disabledUntil()));
        assertThat(h.events("late")).singleElement().satisfies(e -> assertThat(e.getReason()).isEqualTo("SpotSchedulingDisabled"));
    }

    private static double unreachableSeconds(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("spotwise_actuator_kafka_unreachable_seconds "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    @Test
    @DisplayName("the broker goes away for longer than the producer's delivery timeout while an action is in flight: not ready "
            + "meanwhile (/metrics answering, Kafka unreachable counting up), never dead, and once it is back the action gets its one outcome and new actions are carried out")
    void brokerOutage() throws Exception {
        Pod pod = h.pod("outage", "web-1", "Running");
        h.server.expect().post().delay(2, TimeUnit.SECONDS).withPath(evictionPath("outage", "web-1")).andReturn(201, success()).always();
        Action action = Actions.rebalance("outage", "web-1", pod.getMetadata().getUid(), h.webUid("outage"), ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(action);
        await().atMost(Duration.ofSeconds(30)).until(() -> !h.requests("POST", evictionPath("outage", "web-1")).isEmpty());
        SharedKafkaBroker.broker().stop();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> ActuatorHarness.status(h.actuator, "/readyz") == 503);
            // Longer than the producer's delivery timeout (6 s): not ready and alive all along, and /metrics keeps answering
            // (a scrape that stalls would hide the outage from the alert that watches the unreachable-seconds gauge).
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(ActuatorHarness.status(h.actuator, "/readyz")).as("/readyz").isEqualTo(503);
                assertThat(ActuatorHarness.status(h.actuator, "/healthz")).as("/healthz").isEqualTo(200);
                assertThat(unreachableSeconds(h.scrape())).as("spotwise_actuator_kafka_unreachable_seconds").isPositive();
            });
        } finally {
            SharedKafkaBroker.broker().restart();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> ActuatorHarness.status(h.actuator, "/readyz") == 200);
        assertThat(h.awaitOutcome(action.id()).result()).isEqualTo(OutcomeResult.EVICTED);
        Action next = Actions.configInvalid("outage", "web", h.webUid("outage"), "{\"percentage\":101}");
        h.send(next);
        h.awaitOutcome(next.id());
        assertThat(h.outcomes(action.id())).hasSize(1);
        assertThat(h.requests("POST", evictionPath("outage", "web-1"))).hasSize(1);
        assertThat(ActuatorHarness.status(h.actuator, "/healthz")).isEqualTo(200);
    }
}
