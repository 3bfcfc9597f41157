package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
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
import io.spotwise.contract.InvolvedObject;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.serde.RecordCodec;
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

/** Holes of issue 10 on the actuator side, each against the real broker and the simulated API server. */
@ExtendWith(SharedKafkaBroker.class)
class ActuatorExactlyOnceIT {

    private static SimulatedCluster sim;
    private static ActuatorHarness h;
    private static String webUid;

    @BeforeAll
    static void start() throws Exception {
        h = ActuatorHarness.onSimulatedCluster(Map.of());
        sim = h.sim();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    /** The one Running pod of the opted-in Deployment ns/web (made by the simulated controllers); its UID in {@link #webUid}. */
    private static Pod runningPod(String ns) {
        webUid = h.client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(ns).addToLabels("spotwise.io/spot-enabled", "true").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build()).create().getMetadata().getUid();
        return await().atMost(Duration.ofSeconds(30)).until(() -> h.client.pods().inNamespace(ns).withLabel("app", "web").list().getItems(),
                pods -> pods.size() == 1 && pods.get(0).getStatus() != null && "Running".equals(pods.get(0).getStatus().getPhase())).get(0);
    }

    private static String deployment(String ns, String name) {
        return h.client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).addToLabels("spotwise.io/spot-enabled", "true").endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().endTemplate()
                .endSpec().build()).create().getMetadata().getUid();
    }

    private static long evictionsBy(String ns, String pod) {
        return sim.requests().stream().filter(r -> "eviction".equals(r.subresource()) && ns.equals(r.namespace()) && pod.equals(r.name())
                && "actuator".equals(r.service())).count();
    }

    @Test
    @DisplayName("crash after the eviction, before its Event: the redelivered action finds its STARTED mark and the pod gone → "
            + "EVICTED with its one Event, no second eviction (not ALREADY_GONE with the Event lost)")
    void crashBetweenEvictionAndEvent() throws Exception {
        Pod pod = runningPod("eo-crash");
        String name = pod.getMetadata().getName();
        Action action = Actions.rebalance("eo-crash", name, pod.getMetadata().getUid(), webUid, ActionReason.REBALANCE_EXCESS_SPOT);
        // What the crashed attempt left behind: its STARTED mark committed, the pod evicted, no Event, offset not committed.
        h.publishOutcome(ActionExecutor.started(action, Instant.now()));
        sim.client().pods().inNamespace("eo-crash").withName(name).evict(new EvictionBuilder()
                .withNewMetadata().withName(name).withNamespace("eo-crash").endMetadata().build());
        h.send(action);

        Outcome outcome = h.awaitOutcome(action.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.EVICTED);
        assertThat(h.outcomes(action.id())).hasSize(1);
        assertThat(evictionsBy("eo-crash", name)).isZero();
        assertThat(h.events("eo-crash")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("SpotRebalancingEviction");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
        });
    }

    @Test
    @DisplayName("crash after the eviction's Event, before its outcome: the redelivery finds the Event named after the action id "
            + "and completes with it — one Event, count 1, one outcome")
    void crashBetweenEventAndOutcome() throws Exception {
        Pod pod = runningPod("eo-event");
        String name = pod.getMetadata().getName();
        Action action = Actions.rebalance("eo-event", name, pod.getMetadata().getUid(), webUid, ActionReason.REBALANCE_EXCESS_SPOT);
        h.publishOutcome(ActionExecutor.started(action, Instant.now()));
        sim.client().pods().inNamespace("eo-event").withName(name).evict(new EvictionBuilder()
                .withNewMetadata().withName(name).withNamespace("eo-event").endMetadata().build());
        // The crashed attempt's Event, written by the actuator's own recorder.
        KubeWorker worker = new KubeWorker(h.vertx, 1);
        EventRecorder recorder = new EventRecorder(h.client, worker, new ActuatorMetrics(new SimpleMeterRegistry()), "spotwise",
                "spotwise-actuator-0", 25, Duration.ofMinutes(5), new RetryBackoff(0, Duration.ofMillis(10), Duration.ofMillis(10), () -> 0.5),
                Clock.systemUTC());
        recorder.record(EventSpec.of(SpotEventReason.SpotRebalancingEviction, "Evicted spot pod for rebalancing",
                new InvolvedObject("Pod", "v1", "eo-event", name, pod.getMetadata().getUid()), "Evict"), action.id())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        worker.close();
        h.send(action);

        Outcome outcome = h.awaitOutcome(action.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.EVICTED);
        assertThat(h.outcomes(action.id())).hasSize(1);
        assertThat(evictionsBy("eo-event", name)).isZero();
        assertThat(h.events("eo-event")).singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    }

    @Test
    @DisplayName("crash after DISABLE_SPOT's patch and Event, before its outcome: the redelivery finds its action id on the "
            + "aggregated Event and does not count it again — count 1, one outcome")
    void crashBetweenPatchEventAndOutcome() throws Exception {
        deployment("eo-patch", "web");
        var d = h.client.apps().deployments().inNamespace("eo-patch").withName("web").get();
        DisableSpot disable = Actions.disable("eo-patch", "web", d.getMetadata().getUid(), Instant.now().plusSeconds(600));
        String until = disable.disabledUntil().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        // What the crashed attempt did: the annotation patched and the Event written, by the actuator's own recorder.
        // (an edit is optimistic: the simulated Deployment controller's own update in between answers 409, so again)
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            h.client.apps().deployments().inNamespace("eo-patch").withName("web").edit(x -> {
                x.getMetadata().setAnnotations(Map.of("spotwise.io/spot-disabled-until", until));
                return x;
            });
            return true;
        });
        KubeWorker worker = new KubeWorker(h.vertx, 1);
        recorder(worker).record(EventSpec.of(SpotEventReason.SpotSchedulingDisabled, "Disabled " + EventMessages.schedulingDisabled(disable),
                new InvolvedObject("Deployment", "apps/v1", "eo-patch", "web", d.getMetadata().getUid()), "Patch"), disable.id())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        worker.close();
        h.send(disable);

        Outcome outcome = h.awaitOutcome(disable.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.PATCHED);
        assertThat(h.outcomes(disable.id())).hasSize(1);
        assertThat(h.events("eo-patch")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("SpotSchedulingDisabled");
            assertThat(e.getCount()).isEqualTo(1);
        });
    }

    private static EventRecorder recorder(KubeWorker worker) {
        return new EventRecorder(h.client, worker, new ActuatorMetrics(new SimpleMeterRegistry()), "spotwise", "spotwise-actuator-0", 25,
                Duration.ofMinutes(5), new RetryBackoff(0, Duration.ofMillis(10), Duration.ofMillis(10), () -> 0.5), Clock.systemUTC());
    }

    @Test
    @DisplayName("a partition that moves to another replica carries the memory: an action already done is not done again by the replica "
            + "that takes over, even though it started before the action was done")
    void memoryFollowsOutcomes() throws Exception {
        String uid = deployment("eo-move", "web");
        Actuator other = h.replica("spotwise-actuator-1");
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> other.ready() && h.actuator.ready());
            Action disable = Actions.disable("eo-move", "web", uid, Instant.now().plusSeconds(600));
            h.send(disable);
            Outcome done = h.awaitOutcome(disable.id());
            assertThat(done.event().count()).isEqualTo(1);
            Actuator survivor;
            if (done.event().reportingInstance().equals("spotwise-actuator-1")) {
                other.close();
                survivor = h.actuator;
            } else {
                h.stop();
                survivor = other;
            }
            await().atMost(Duration.ofSeconds(60)).until(survivor::ready);
            h.send(disable.workload().key(), RecordCodec.encode(disable)); // delivered again
            Action marker = Actions.configInvalid("eo-move", "web", uid, "{\"percentage\":101}");
            h.send(marker);
            h.awaitOutcome(marker.id());

            assertThat(h.outcomes(disable.id())).hasSize(1);
            assertThat(h.events("eo-move")).filteredOn(e -> e.getReason().equals("SpotSchedulingDisabled"))
                    .singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
        } finally {
            if (!h.actuator.ready()) {
                other.close();
                h.start();
            } else {
                other.close();
            }
        }
    }
}
