package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.spotwise.contract.topic.TopicSpec;
import io.spotwise.contract.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The optional Strimzi topics and the Karpenter example match the contract")
class TopicsAndNodePoolIT {

    @Test
    @DisplayName("Strimzi: the six contract topics, state topics compacted with equal partitions, the rest delete with retention")
    void strimziTopicsMatchTheContract() {
        Map<String, GenericKubernetesResource> topics = Kustomize.objects("overlays/strimzi-topics").stream()
                .filter(o -> o.getKind().equals("KafkaTopic")).map(GenericKubernetesResource.class::cast)
                .collect(Collectors.toMap(t -> (String) t.get("spec", "topicName"), t -> t));
        Map<String, String> policies = Topics.all(6, (short) 3, Duration.ofDays(7)).stream()
                .collect(Collectors.toMap(TopicSpec::name, TopicSpec::cleanupPolicy));

        assertThat(topics.keySet()).isEqualTo(policies.keySet());
        policies.forEach((name, policy) -> {
            Map<String, Object> config = topics.get(name).get("spec", "config");
            assertThat(config.get("cleanup.policy")).as(name).isEqualTo(policy);
            if (policy.equals("delete")) {
                assertThat(config).as(name).containsKey("retention.ms");
            }
            assertThat(topics.get(name).getMetadata().getLabels()).as(name).containsKey("strimzi.io/cluster");
        });
        Object workloads = topics.get(Topics.WORKLOADS).get("spec", "partitions");
        assertThat((Object) topics.get(Topics.PODS).get("spec", "partitions")).isEqualTo(workloads);
    }

    @Test
    @DisplayName("Karpenter: spot-only nodes carrying the interruptible label and NoSchedule taint spot pods are given")
    void nodePoolCarriesLabelAndTaint() {
        GenericKubernetesResource pool = (GenericKubernetesResource) Kustomize.objects("examples/karpenter").get(0);
        Map<String, Object> labels = pool.get("spec", "template", "metadata", "labels");
        List<Map<String, Object>> taints = pool.get("spec", "template", "spec", "taints");
        List<Map<String, Object>> requirements = pool.get("spec", "template", "spec", "requirements");

        assertThat(labels).containsEntry("spotwise.io/capacity-type", "interruptible");
        assertThat(taints).containsExactly(Map.of("key", "spotwise.io/capacity-type", "value", "interruptible", "effect", "NoSchedule"));
        assertThat(requirements).contains(Map.of("key", "karpenter.sh/capacity-type", "operator", "In", "values", List.of("spot")));
    }
}
