package io.spotwise.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.sandbox.Stack;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Moving from the Datadog Cluster Agent's spot scheduler (docs/migrating-from-datadog.md): the whole stack with
 * SPOTWISE_PREFIX=autoscaling.datadoghq.com on workloads and nodes labelled as the Cluster Agent leaves them — spot
 * nodes with {@code autoscaling.datadoghq.com/capacity-type=interruptible} (label and NoSchedule taint) and Karpenter's
 * {@code karpenter.sh/capacity-type=spot}, workloads with Datadog's opt-in label, a Go-style spot-config and the
 * two-day-old spot-disabled-until the Cluster Agent never removes.
 */
class DatadogPrefixEndToEndIT {

    static final SpotwiseKeys DD = new SpotwiseKeys("autoscaling.datadoghq.com");
    static final Map<String, String> ENV = Map.of("SPOTWISE_PREFIX", DD.prefix());
    static final Duration CONVERGE = Duration.ofSeconds(90);

    @AfterEach
    void spotBack() {
        Stack stack = StackExtension.stack(ENV);
        if (stack.sim().nodePools().nodeNames(io.spotwise.sim.nodes.NodePools.Pool.SPOT).isEmpty()) {
            stack.sim().restoreSpot();
        }
    }

    private static void datadogDeployment(Scenario s, String name, int replicas, String spotConfig, String disabledUntil) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(s.namespace())
                .addToLabels(DD.spotEnabled(), "true").addToAnnotations(DD.spotConfig(), spotConfig).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName(name).withImage("nginx:1.27").endContainer().endSpec()
                .endTemplate().endSpec();
        if (disabledUntil != null) {
            b.editMetadata().addToAnnotations(DD.spotDisabledUntil(), disabledUntil).endMetadata();
        }
        s.client().apps().deployments().inNamespace(s.namespace()).resource(b.build()).create();
    }

    @Test
    @DisplayName("Datadog-labelled workload (Go-style spot-config, two-day-old spot-disabled-until): 6 / 4 on the Datadog-labelled "
            + "spot nodes with Datadog's pod label, selector and toleration; the stale window gets no patch and no Event")
    void datadogLabelledWorkload() {
        Stack stack = StackExtension.stack(ENV);
        String stale = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS).toString();
        try (Scenario s = new Scenario(stack, "e2e-datadog", DD)) {
            datadogDeployment(s, "web", 10, "{\"Percentage\": 60, \"MinOnDemandReplicas\": 2}", stale);
            s.awaitSplit("Deployment/web", 6, 4, CONVERGE);

            for (Pod pod : s.pods("web")) {
                if (!"true".equals(pod.getMetadata().getLabels().get(DD.spotAssigned()))) {
                    assertThat(pod.getSpec().getNodeSelector()).as("on-demand pods are never modified").isNullOrEmpty();
                    continue;
                }
                assertThat(pod.getSpec().getNodeSelector()).containsEntry(DD.capacityType(), SpotwiseKeys.INTERRUPTIBLE);
                assertThat(pod.getSpec().getTolerations()).anySatisfy(t -> {
                    assertThat(t.getKey()).isEqualTo(DD.capacityType());
                    assertThat(t.getValue()).isEqualTo(SpotwiseKeys.INTERRUPTIBLE);
                    assertThat(t.getEffect()).isEqualTo("NoSchedule");
                });
                Node node = s.client().nodes().withName(pod.getSpec().getNodeName()).get();
                assertThat(node.getMetadata().getLabels()).containsEntry(DD.capacityType(), SpotwiseKeys.INTERRUPTIBLE)
                        .containsEntry("karpenter.sh/capacity-type", "spot");
            }
            // the stale window stays as the Cluster Agent left it, quietly, while the decider keeps ticking
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(s.annotations("Deployment", "web")).containsEntry(DD.spotDisabledUntil(), stale);
                assertThat(s.events("SpotSchedulingEnabled")).isEmpty();
            });
            assertThat(s.events("SpotConfigInvalid")).as("field names match case-insensitively, as Go's decoder does").isEmpty();
        }
    }

    @Test
    @DisplayName("Datadog prefix, spot outage: SpotSchedulingDisabled and autoscaling.datadoghq.com/spot-disabled-until written, "
            + "fallback to on-demand, then spot back and the annotation removed with SpotSchedulingEnabled")
    void datadogFallback() {
        Stack stack = StackExtension.stack(ENV);
        try (Scenario s = new Scenario(stack, "e2e-datadog-fallback", DD)) {
            stack.sim().spotOutage();
            // Known to Spotwise (its status written) before its pods exist, so both spot pods are placed by the policy
            // and go Pending (a brand-new workload's first pods wait for its record only 1 s here; see FallbackEndToEndIT).
            datadogDeployment(s, "api", 0, "{\"percentage\":50,\"minOnDemandReplicas\":2}", null);
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.annotations("Deployment", "api")).containsKey(DD.status()));
            s.patchDeployment("api", "{\"spec\":{\"replicas\":4}}");
            await().atMost(CONVERGE).untilAsserted(() -> {
                var row = s.row("Deployment/api");
                assertThat(row.onDemand()).isEqualTo(4);
                assertThat(row.pending()).isZero();
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> { // Events are written after the effect
                assertThat(s.events("SpotSchedulingDisabled")).hasSize(1);
                assertThat(s.total("SpotFallbackEviction")).isEqualTo(2); // both spot pods were Pending
            });
            assertThat(s.annotations("Deployment", "api")).containsKey(DD.spotDisabledUntil());

            stack.sim().restoreSpot();
            s.awaitSplit("Deployment/api", 2, 2, CONVERGE.multipliedBy(2));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(s.events("SpotSchedulingEnabled")).hasSize(1));
            assertThat(s.annotations("Deployment", "api")).doesNotContainKey(DD.spotDisabledUntil());
        }
    }
}
