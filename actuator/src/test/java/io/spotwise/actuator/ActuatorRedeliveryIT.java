package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.actuator.events.EventMessages;
import io.spotwise.actuator.events.EventRecorder;
import io.spotwise.actuator.events.EventSpec;
import io.spotwise.actuator.events.SpotEventReason;
import io.spotwise.actuator.eviction.RetryBackoff;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.InvolvedObject;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.sim.SimulatedCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Violations V2–V5 of the chaos campaign (docs/reliability.md): an action whose earlier attempt started its effect is
 * finished on redelivery — one Event, one terminal outcome that says what happened — before expiry and the trust guard
 * decide whether a new effect may start. Each test sets up what the crashed attempt left behind (its STARTED mark, the
 * effect, the Event written by the actuator's own recorder, no outcome) and redelivers the action to a running actuator
 * on the real broker and the simulated API server.
 */
@ExtendWith(SharedKafkaBroker.class)
class ActuatorRedeliveryIT {

    private static final String DISABLED_UNTIL = "spotwise.io/spot-disabled-until";
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

    /** The opted-in Deployment ns/web with {@code replicas} pods made by the simulated controllers; returns its UID. */
    private static String deployment(String ns, int replicas) {
        return sim.client().apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(ns).addToLabels("spotwise.io/spot-enabled", "true").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build()).create().getMetadata().getUid();
    }

    private static Pod runningPod(String ns) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> sim.client().pods().inNamespace(ns).withLabel("app", "web").list().getItems(),
                pods -> pods.size() == 1 && pods.get(0).getStatus() != null && "Running".equals(pods.get(0).getStatus().getPhase())).get(0);
    }

    /** Merge patches (no resourceVersion): the simulated controllers update the Deployment's status meanwhile. */
    private static void optOut(String ns) {
        sim.client().apps().deployments().inNamespace(ns).withName("web").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"spotwise.io/spot-enabled\":null}}}");
    }

    private static void annotate(String ns, String value) {
        sim.client().apps().deployments().inNamespace(ns).withName("web").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"" + DISABLED_UNTIL + "\":\"" + value + "\"}}}");
    }

    private static void evictAsEarlierAttempt(String ns, String pod) {
        sim.client().pods().inNamespace(ns).withName(pod).evict(new EvictionBuilder()
                .withNewMetadata().withName(pod).withNamespace(ns).endMetadata().build());
    }

    /** Writes an Event as the crashed attempt did, with the actuator's own recorder. */
    private static void eventOfEarlierAttempt(SpotEventReason reason, String message, InvolvedObject object, String verb, String actionId)
            throws Exception {
        KubeWorker worker = new KubeWorker(h.vertx, 1);
        try {
            new EventRecorder(sim.client(), worker, new ActuatorMetrics(new SimpleMeterRegistry()), "spotwise", "spotwise-actuator-0", 25,
                    Duration.ofMinutes(5), new RetryBackoff(0, Duration.ofMillis(10), Duration.ofMillis(10), () -> 0.5), Clock.systemUTC())
                    .record(EventSpec.of(reason, message, object, verb), actionId).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            worker.close();
        }
    }

    private static InvolvedObject podObject(Pod pod) {
        return new InvolvedObject("Pod", "v1", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
    }

    private static InvolvedObject webObject(String ns, String uid) {
        return new InvolvedObject("Deployment", "apps/v1", ns, "web", uid);
    }

    private static long evictionsByActuator(String ns) {
        return sim.requests().stream().filter(r -> "eviction".equals(r.subresource()) && ns.equals(r.namespace())
                && "actuator".equals(r.service())).count();
    }

    private static Outcome redeliver(Action action) throws Exception {
        h.send(action);
        Outcome outcome = h.awaitOutcome(action.id());
        assertThat(h.outcomes(action.id())).as("terminal outcomes of " + action.id()).hasSize(1);
        return outcome;
    }

    @Test
    @DisplayName("V2: a redelivered ENABLE_SPOT whose first attempt removed the annotation and wrote its Event converges on that "
            + "same Event (message from the action, not from the live annotation): one SpotSchedulingEnabled, count 1")
    void enableSpotRedeliveredAfterTheAnnotationWasRemoved() throws Exception {
        String uid = deployment("rd-enable", 0);
        EnableSpot enable = Actions.enable("rd-enable", "web", uid);
        // The first attempt: annotation removed, Event written with the window it removed; then its partition moved away.
        eventOfEarlierAttempt(SpotEventReason.SpotSchedulingEnabled, EventMessages.enabled(enable), webObject("rd-enable", uid), "Patch",
                enable.id());

        Outcome outcome = redeliver(enable);
        assertThat(outcome.result()).isEqualTo(OutcomeResult.PATCHED);
        assertThat(h.events("rd-enable")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("SpotSchedulingEnabled");
            assertThat(e.getCount()).isEqualTo(1);
            assertThat(outcome.event().message()).isEqualTo(e.getMessage());
        });
    }

    @Test
    @DisplayName("V3: an eviction done just before a crash, redelivered after its expiry, is finished (EVICTED, its one Event), "
            + "not reported EXPIRED")
    void startedEvictionRedeliveredAfterExpiry() throws Exception {
        String uid = deployment("rd-expired", 1);
        Pod pod = runningPod("rd-expired");
        PodEviction action = Actions.rebalance("rd-expired", pod.getMetadata().getName(), pod.getMetadata().getUid(), uid,
                ActionReason.REBALANCE_EXCESS_SPOT, Instant.now().minus(Duration.ofMinutes(11)));
        h.publishOutcome(ActionExecutor.started(action, Instant.now().minus(Duration.ofMinutes(10))));
        evictAsEarlierAttempt("rd-expired", pod.getMetadata().getName());

        Outcome outcome = redeliver(action);
        assertThat(outcome.result()).isEqualTo(OutcomeResult.EVICTED);
        assertThat(evictionsByActuator("rd-expired")).isZero();
        assertThat(h.events("rd-expired")).singleElement().satisfies(e -> assertThat(e.getReason()).isEqualTo("SpotRebalancingEviction"));
    }

    @Test
    @DisplayName("V3: a DISABLE_SPOT patched and reported just before a crash, redelivered after its expiry → PATCHED with its "
            + "Event counted once, not EXPIRED")
    void startedDisableRedeliveredAfterExpiry() throws Exception {
        String uid = deployment("rd-expired-patch", 0);
        DisableSpot disable = Actions.disable("rd-expired-patch", "web", uid, Instant.now().minus(Duration.ofMinutes(9)));
        h.publishOutcome(ActionExecutor.started(disable, Instant.now().minus(Duration.ofMinutes(10))));
        annotate("rd-expired-patch", EventMessages.rfc3339(disable.disabledUntil()));
        eventOfEarlierAttempt(SpotEventReason.SpotSchedulingDisabled, EventMessages.disabled(disable), webObject("rd-expired-patch", uid),
                "Patch", disable.id());

        Outcome outcome = redeliver(disable);
        assertThat(outcome.result()).isEqualTo(OutcomeResult.PATCHED);
        assertThat(h.events("rd-expired-patch")).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    }

    @Test
    @DisplayName("V4: an eviction done just before a crash, its workload opted out before the redelivery → EVICTED with its one "
            + "Event (the trust guard judges new effects only), not REJECTED with the Event lost")
    void startedEvictionOfAWorkloadOptedOutSince() throws Exception {
        String uid = deployment("rd-optout", 1);
        Pod pod = runningPod("rd-optout");
        PodEviction action = Actions.rebalance("rd-optout", pod.getMetadata().getName(), pod.getMetadata().getUid(), uid,
                ActionReason.REBALANCE_EXCESS_SPOT);
        h.publishOutcome(ActionExecutor.started(action, Instant.now()));
        evictAsEarlierAttempt("rd-optout", pod.getMetadata().getName());
        optOut("rd-optout");

        Outcome outcome = redeliver(action);
        assertThat(outcome.result()).isEqualTo(OutcomeResult.EVICTED);
        assertThat(outcome.event()).isNotNull();
        assertThat(h.events("rd-optout")).singleElement().satisfies(e -> assertThat(e.getReason()).isEqualTo("SpotRebalancingEviction"));
    }

    @Test
    @DisplayName("V4: a DISABLE_SPOT patched and reported just before a crash, its workload opted out since → PATCHED, not REJECTED")
    void startedDisableOfAWorkloadOptedOutSince() throws Exception {
        String uid = deployment("rd-optout-patch", 0);
        DisableSpot disable = Actions.disable("rd-optout-patch", "web", uid, Instant.now().plusSeconds(600));
        h.publishOutcome(ActionExecutor.started(disable, Instant.now()));
        annotate("rd-optout-patch", EventMessages.rfc3339(disable.disabledUntil()));
        eventOfEarlierAttempt(SpotEventReason.SpotSchedulingDisabled, EventMessages.disabled(disable), webObject("rd-optout-patch", uid),
                "Patch", disable.id());
        optOut("rd-optout-patch");

        Outcome outcome = redeliver(disable);
        assertThat(outcome.result()).isEqualTo(OutcomeResult.PATCHED);
        assertThat(h.events("rd-optout-patch")).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    }

    @Test
    @DisplayName("V4: a REPORT_CONFIG_INVALID counted in its Event just before a crash, its workload opted out since → REPORTED, "
            + "counted once, not REJECTED")
    void startedReportOfAWorkloadOptedOutSince() throws Exception {
        String uid = deployment("rd-optout-report", 0);
        ReportConfigInvalid report = Actions.configInvalid("rd-optout-report", "web", uid, "{\"percentage\":150}");
        h.publishOutcome(ActionExecutor.started(report, Instant.now()));
        eventOfEarlierAttempt(SpotEventReason.SpotConfigInvalid, EventMessages.configInvalid(report, "spotwise.io/spot-config"),
                webObject("rd-optout-report", uid), "Report", report.id());
        optOut("rd-optout-report");

        Outcome outcome = redeliver(report);
        assertThat(outcome.result()).isEqualTo(OutcomeResult.REPORTED);
        assertThat(h.events("rd-optout-report")).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    }

    @Test
    @DisplayName("V5: an eviction whose first attempt was refused by a PodDisruptionBudget and wrote SpotEvictionBlocked, then "
            + "crashed: the redelivery stands by that answer — BLOCKED_BY_PDB, no eviction, one Event")
    void blockedEvictionRedelivered() throws Exception {
        String uid = deployment("rd-blocked", 1);
        Pod pod = runningPod("rd-blocked");
        PodEviction action = Actions.rebalance("rd-blocked", pod.getMetadata().getName(), pod.getMetadata().getUid(), uid,
                ActionReason.REBALANCE_EXCESS_SPOT);
        h.publishOutcome(ActionExecutor.started(action, Instant.now()));
        eventOfEarlierAttempt(SpotEventReason.SpotEvictionBlocked, EventMessages.evictionBlocked(action, "web-pdb",
                "Cannot evict pod as it would violate the pod's disruption budget."), podObject(pod), "Evict", action.id());

        Outcome outcome = redeliver(action);
        assertThat(outcome.result()).isEqualTo(OutcomeResult.BLOCKED_BY_PDB);
        assertThat(evictionsByActuator("rd-blocked")).isZero();
        assertThat(h.events("rd-blocked")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("SpotEvictionBlocked");
            assertThat(outcome.event().message()).isEqualTo(e.getMessage());
        });
    }

    @Test
    @DisplayName("an eviction with a STARTED mark of which nothing is visible (pod running, no Event), redelivered after its "
            + "expiry → EXPIRED and the pod untouched: only a started effect is finished, nothing new starts late")
    void startedButNothingHappenedStillExpires() throws Exception {
        String uid = deployment("rd-nothing", 1);
        Pod pod = runningPod("rd-nothing");
        PodEviction action = Actions.rebalance("rd-nothing", pod.getMetadata().getName(), pod.getMetadata().getUid(), uid,
                ActionReason.REBALANCE_EXCESS_SPOT, Instant.now().minus(Duration.ofMinutes(11)));
        h.publishOutcome(ActionExecutor.started(action, Instant.now().minus(Duration.ofMinutes(10))));

        Outcome outcome = redeliver(action);
        assertThat(outcome.result()).isEqualTo(OutcomeResult.EXPIRED);
        assertThat(evictionsByActuator("rd-nothing")).isZero();
        assertThat(h.events("rd-nothing")).isEmpty();
    }
}
