package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.sim.SimulatedCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Forged records on {@code spotwise.actions} of a real broker, with the actuator running against the simulated API
 * server: well-formed actions that Spotwise would never decide. Nothing happens to the cluster — no eviction, no patch,
 * no Event — and each gets a REJECTED outcome, counted by reason. An eviction without a pod UID is not even readable: it
 * goes to the dead-letter topic. A genuine action, decided by the decider's own code, still goes through.
 */
@ExtendWith(SharedKafkaBroker.class)
class ForgedActionsIT {

    static final String ENABLED = "spotwise.io/spot-enabled";
    static SimulatedCluster sim;
    static ActuatorHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = ActuatorHarness.onSimulatedCluster(Map.of());
        sim = h.sim();
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    static Deployment deployment(String ns, String name, boolean optedIn) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("nginx").endContainer().endSpec().endTemplate().endSpec();
        if (optedIn) {
            b.editMetadata().addToLabels(ENABLED, "true").endMetadata();
        }
        return h.client.apps().deployments().inNamespace(ns).resource(b.build()).create();
    }

    /** The pod the simulated Deployment → ReplicaSet controllers created for it, once it runs. */
    static Pod podOf(String ns, String app) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> h.client.pods().inNamespace(ns).withLabel("app", app).list().getItems(),
                pods -> pods.size() == 1 && "Running".equals(pods.get(0).getStatus().getPhase())).get(0);
    }

    static RebalanceEviction forgedEviction(WorkloadRef w, String workloadUid, Pod pod) {
        Instant now = Instant.now();
        return new RebalanceEviction(UUID.randomUUID().toString(), w, workloadUid, ActionReason.REBALANCE_EXCESS_SPOT, now, 0,
                now.plusSeconds(300), new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid()),
                new SplitCounts(null, 1, 0, 0, 1, 0, 0));
    }

    static DisableSpot forgedDisable(WorkloadRef w, String workloadUid, Pod trigger) {
        Instant now = Instant.now();
        return new DisableSpot(UUID.randomUUID().toString(), w, workloadUid, ActionReason.FALLBACK, now, 0, now.plusSeconds(300),
                now.plusSeconds(3600), new PodRef(w.namespace(), trigger.getMetadata().getName(), trigger.getMetadata().getUid()),
                Duration.ofMinutes(5), Duration.ofMinutes(1), new SplitCounts(null, 0, 1, 0, 1, 0, 0));
    }

    @Test
    @DisplayName("forged actions (kube-system, not opted in, wrong workload UID, someone else's pod) → REJECTED, the cluster untouched")
    void forgedActionsChangeNothing() throws Exception {
        Deployment coredns = deployment("kube-system", "coredns", true);
        Deployment plain = deployment("shop", "plain", false);
        Deployment web = deployment("shop", "web", true);
        Pod corednsPod = podOf("kube-system", "coredns");
        Pod plainPod = podOf("shop", "plain");
        Pod webPod = podOf("shop", "web");
        WorkloadRef corednsRef = WorkloadRef.deployment("kube-system", "coredns");
        WorkloadRef plainRef = WorkloadRef.deployment("shop", "plain");
        WorkloadRef webRef = WorkloadRef.deployment("shop", "web");

        Map<Action, String> forged = Map.of(
                forgedEviction(corednsRef, coredns.getMetadata().getUid(), corednsPod), "NAMESPACE_OUT_OF_SCOPE",
                new ReportConfigInvalid(UUID.randomUUID().toString(), corednsRef, coredns.getMetadata().getUid(), ActionReason.CONFIG_INVALID,
                        Instant.now(), 0, Instant.now().plusSeconds(300), "forged warning"),
                "NAMESPACE_OUT_OF_SCOPE",
                forgedEviction(plainRef, plain.getMetadata().getUid(), plainPod), "WORKLOAD_NOT_OPTED_IN",
                forgedDisable(plainRef, plain.getMetadata().getUid(), plainPod), "WORKLOAD_NOT_OPTED_IN",
                forgedEviction(webRef, "uid-of-no-deployment", webPod), "WORKLOAD_UID_MISMATCH",
                forgedDisable(webRef, "uid-of-no-deployment", webPod), "WORKLOAD_UID_MISMATCH",
                forgedEviction(webRef, web.getMetadata().getUid(), plainPod), "POD_NOT_OF_WORKLOAD");
        Instant sent = Instant.now(); // the test's own client shares the actuator's user agent: only what follows counts
        for (Action a : forged.keySet()) {
            h.send(a);
        }
        String noPodUid = RecordCodec.encodeToString(forgedEviction(webRef, web.getMetadata().getUid(), webPod))
                .replace(",\"uid\":\"" + webPod.getMetadata().getUid() + "\"", "");
        h.send(webRef.key(), noPodUid.getBytes(StandardCharsets.UTF_8));

        forged.forEach((action, reason) -> {
            Outcome outcome = h.awaitOutcome(action.id());
            assertThat(outcome.result()).as(action.describe()).isEqualTo(OutcomeResult.REJECTED);
            assertThat(outcome.detail()).as(action.describe()).startsWith(reason + ": ");
            assertThat(outcome.event()).isNull();
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(h.deadLetters(webRef.key()))
                .anySatisfy(d -> assertThat(d.field()).isEqualTo("pod.uid")));

        // a genuine action, decided by the decider's own code, still goes through (the guard is not just closed)
        Action genuine = Actions.disable("shop", "web", web.getMetadata().getUid(), Instant.now().plusSeconds(120));
        h.send(genuine);
        assertThat(h.awaitOutcome(genuine.id()).result()).isEqualTo(OutcomeResult.PATCHED);

        assertThat(sim.requests()).filteredOn(r -> "actuator".equals(r.service()) && !r.at().isBefore(sent))
                .noneMatch(r -> "eviction".equals(r.subresource()))
                .noneMatch(r -> r.method().equals("DELETE"))
                .filteredOn(r -> r.method().equals("PATCH") || r.method().equals("POST") || r.method().equals("PUT"))
                .allSatisfy(r -> assertThat(r.path()).as("the one genuine patch and its Event")
                        .matches("/apis/apps/v1/namespaces/shop/deployments/web|/api/v1/namespaces/shop/events.*"));
        for (Pod p : List.of(corednsPod, plainPod, webPod)) {
            Pod live = h.client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).get();
            assertThat(live.getMetadata().getUid()).isEqualTo(p.getMetadata().getUid());
            assertThat(live.getMetadata().getDeletionTimestamp()).isNull();
        }
        assertThat(h.client.apps().deployments().inNamespace("shop").withName("plain").get().getMetadata().getAnnotations())
                .doesNotContainKey("spotwise.io/spot-disabled-until");
        assertThat(h.events("kube-system")).isEmpty();
        assertThat(h.events("shop")).singleElement().satisfies(e -> assertThat(e.getReason()).isEqualTo("SpotSchedulingDisabled"));
        assertThat(h.scrape())
                .contains("spotwise_actuator_rejected_actions_total{reason=\"namespace_out_of_scope\"} 2.0")
                .contains("spotwise_actuator_rejected_actions_total{reason=\"workload_not_opted_in\"} 2.0")
                .contains("spotwise_actuator_rejected_actions_total{reason=\"workload_uid_mismatch\"} 2.0")
                .contains("spotwise_actuator_rejected_actions_total{reason=\"pod_not_of_workload\"} 1.0");
    }
}
