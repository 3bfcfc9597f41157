package io.spotwise.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Placement at admission through the whole stack: API server → decider webhook → pods, per the reference's §3 and §11. */
@ExtendWith(StackExtension.class)
class PlacementEndToEndIT {

    static final Duration CONVERGE = Duration.ofSeconds(60);

    @Test
    @DisplayName("10 replicas at 60 % / min 2 → 6 spot / 4 on-demand; spot pods carry selector, toleration and label, on-demand pods nothing")
    void tenReplicas() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-ten")) {
            s.deployment("web", 10, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            for (Pod p : s.pods("web")) {
                boolean spot = "true".equals(p.getMetadata().getLabels().get(Scenario.KEYS.spotAssigned()));
                Map<String, String> selector = p.getSpec().getNodeSelector();
                List<Toleration> tolerations = p.getSpec().getTolerations();
                if (spot) {
                    assertThat(selector).containsEntry(Scenario.KEYS.capacityType(), "interruptible");
                    assertThat(tolerations).anySatisfy(t -> {
                        assertThat(t.getKey()).isEqualTo(Scenario.KEYS.capacityType());
                        assertThat(t.getEffect()).isEqualTo("NoSchedule");
                    });
                } else {
                    assertThat(selector == null ? Map.<String, String>of() : selector).doesNotContainKey(Scenario.KEYS.capacityType());
                    assertThat(tolerations == null ? List.<Toleration>of() : tolerations)
                            .noneSatisfy(t -> assertThat(t.getKey()).isEqualTo(Scenario.KEYS.capacityType()));
                }
            }
            assertThat(s.events("SpotRebalancingEviction")).as("placement alone reached the split").isEmpty();
        }
    }

    @Test
    @DisplayName("scale 5 → 10: 3 / 2 becomes 6 / 4")
    void scaleUp() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-scale")) {
            s.deployment("web", 5, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 3, 2, CONVERGE);
            s.client().apps().deployments().inNamespace(s.namespace()).withName("web").scale(10);
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
        }
    }

    @Test
    @DisplayName("rolling update: the new ReplicaSet gets its own 6 / 4 split")
    void rollingUpdate() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-rollout")) {
            s.deployment("web", 10, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            s.patchDeployment("web", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"nginx:1.28\"}]}}}}");
            await().atMost(CONVERGE).untilAsserted(() -> {
                List<Pod> pods = s.pods("web");
                assertThat(pods).hasSize(10).allSatisfy(p -> assertThat(p.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28"));
            });
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
        }
    }

    @Test
    @DisplayName("percentage changed through a rollout: 20 % → 2 spot / 8 on-demand")
    void percentageChange() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-percent")) {
            s.deployment("web", 10, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            s.patchDeployment("web", "{\"metadata\":{\"annotations\":{\"" + Scenario.KEYS.spotConfig() + "\":\"{\\\"percentage\\\":20,\\\"minOnDemandReplicas\\\":2}\"}},"
                    + "\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"restartedAt\":\"now\"}}}}}");
            s.awaitSplit("Deployment/web", 2, 8, CONVERGE);
        }
    }

    @Test
    @DisplayName("a workload without the opt-in label: every pod on-demand and untouched, no Spotwise event")
    void notOptedIn() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-nolabel")) {
            s.deployment("web", 4, false, "{\"percentage\":100}");
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.pods("web")).hasSize(4)
                    .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running")));
            assertThat(s.row("Deployment/web").spot()).isZero();
            assertThat(s.pods("web")).allSatisfy(p -> assertThat(p.getMetadata().getLabels()).doesNotContainKey(Scenario.KEYS.spotAssigned()));
            assertThat(s.client().v1().events().inNamespace(s.namespace()).list().getItems())
                    .noneSatisfy(e -> assertThat(e.getReason()).startsWith("Spot"));
        }
    }

    @Test
    @DisplayName("random pod deletions: replacements keep 6 / 4 exactly, without rebalancing")
    void podReplacement() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-replace")) {
            s.deployment("web", 10, true, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            List<Pod> pods = s.pods("web");
            for (Pod p : List.of(pods.get(0), pods.get(3), pods.get(7))) {
                s.client().pods().inNamespace(s.namespace()).withName(p.getMetadata().getName()).delete();
            }
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            assertThat(s.events("SpotRebalancingEviction")).isEmpty();
        }
    }

    @Test
    @DisplayName("StatefulSet of 5 at 60 % / min 2 → 3 spot / 2 on-demand")
    void statefulSet() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-sts")) {
            s.statefulSet("db", 5, "{\"percentage\":60,\"minOnDemandReplicas\":2}");
            s.awaitSplit("StatefulSet/db", 3, 2, CONVERGE);
            assertThat(s.pods("db")).extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrder("db-0", "db-1", "db-2", "db-3", "db-4");
        }
    }

    @Test
    @DisplayName("an unreadable spot-config annotation: a SpotConfigInvalid Warning on the Deployment, and the defaults (100 %) used")
    void invalidAnnotation() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-badconfig")) {
            s.deployment("web", 4, true, "{\"percentage\": 60,");
            s.awaitSplit("Deployment/web", 4, 0, CONVERGE);
            await().atMost(CONVERGE).untilAsserted(() -> {
                List<Event> invalid = s.events("SpotConfigInvalid");
                assertThat(invalid).hasSize(1);
                Event e = invalid.get(0);
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getInvolvedObject().getKind()).isEqualTo("Deployment");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("web");
                assertThat(e.getMessage()).containsIgnoringCase("json");
            });
        }
    }

    @Test
    @DisplayName("an out-of-range value in a StatefulSet's spot-config: a SpotConfigInvalid Warning on the StatefulSet naming the field, the default used")
    void invalidAnnotationOnStatefulSet() {
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-badsts")) {
            s.statefulSet("cache", 2, "{\"percentage\":100,\"minOnDemandReplicas\":-1}");
            s.awaitSplit("StatefulSet/cache", 2, 0, CONVERGE);
            await().atMost(CONVERGE).untilAsserted(() -> {
                List<Event> invalid = s.events("SpotConfigInvalid");
                assertThat(invalid).hasSize(1);
                assertThat(invalid.get(0).getInvolvedObject().getKind()).isEqualTo("StatefulSet");
                assertThat(invalid.get(0).getInvolvedObject().getName()).isEqualTo("cache");
                assertThat(invalid.get(0).getMessage()).contains("minOnDemandReplicas");
            });
        }
    }
}
