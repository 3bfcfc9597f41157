package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("kubectl kustomize builds the base and every overlay into the objects an operator expects")
class KustomizeBuildIT {

    static final List<String> SERVICES = List.of("watcher", "decider", "actuator");

    static List<Path> kustomizations() {
        return DeployFiles.kustomizations();
    }

    @ParameterizedTest(name = "k8s/{0}")
    @MethodSource("kustomizations")
    @DisplayName("builds, and every object it prints parses strictly")
    void builds(Path dir) {
        List<HasMetadata> objects = Kustomize.objects(dir.toString());

        assertThat(objects).isNotEmpty();
    }

    @Test
    @DisplayName("the overlays an operator applies are all there")
    void overlaysExist() {
        assertThat(kustomizations().stream().map(Path::toString))
                .contains("base", "overlays/cert-manager", "overlays/strimzi-topics", "overlays/production", "overlays/compose",
                        "examples/karpenter");
    }

    @Test
    @DisplayName("base: namespace, config, and per service a ServiceAccount, Deployment and PodDisruptionBudget")
    void baseHoldsEveryService() {
        List<HasMetadata> objects = Kustomize.objects("base");

        assertThat(Kustomize.find(objects, Namespace.class, "spotwise").getMetadata().getLabels())
                .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        assertThat(Kustomize.find(objects, ConfigMap.class, "spotwise-config").getData())
                .containsKeys("SPOTWISE_PREFIX", "KAFKA_BOOTSTRAP_SERVERS");
        for (String service : SERVICES) {
            String name = "spotwise-" + service;
            assertThat(Kustomize.find(objects, ServiceAccount.class, name).getMetadata().getNamespace()).isEqualTo("spotwise");
            assertThat(Kustomize.find(objects, Deployment.class, name).getMetadata().getNamespace()).isEqualTo("spotwise");
            assertThat(Kustomize.find(objects, PodDisruptionBudget.class, name).getMetadata().getNamespace()).isEqualTo("spotwise");
        }
        assertThat(Kustomize.find(objects, Service.class, "spotwise-decider-webhook").getMetadata().getNamespace()).isEqualTo("spotwise");
        assertThat(Kustomize.named(objects, MutatingWebhookConfiguration.class, "spotwise-decider")).isPresent();
        assertThat(Kustomize.named(objects, NetworkPolicy.class, "default-deny-all")).isPresent();
        assertThat(objects).noneMatch(o -> o instanceof GenericKubernetesResource);
    }

    @Test
    @DisplayName("overlays/production adds the cert-manager Certificate and the six KafkaTopics to the base")
    void productionAddsCertificateAndTopics() {
        List<HasMetadata> objects = Kustomize.objects("overlays/production");

        assertThat(objects).filteredOn(o -> o.getKind().equals("Certificate")).hasSize(1);
        assertThat(objects).filteredOn(o -> o.getKind().equals("Issuer")).hasSize(1);
        assertThat(objects).filteredOn(o -> o.getKind().equals("KafkaTopic")).hasSize(6);
        assertThat(Kustomize.all(objects, Deployment.class)).hasSize(3)
                .allSatisfy(d -> assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                        .startsWith("registry.example.com/spotwise/spotwise-").endsWith(":0.1.0"));
        assertThat(Kustomize.find(objects, ConfigMap.class, "spotwise-config").getData())
                .containsEntry("SPOTWISE_TOPIC_CREATE", "false");
    }

    @Test
    @DisplayName("overlays/compose registers only the namespace and the webhook (the services run beside k3s)")
    void composeOverlayIsOnlyTheWebhook() {
        assertThat(Kustomize.objects("overlays/compose")).extracting(HasMetadata::getKind)
                .containsExactlyInAnyOrder("Namespace", "MutatingWebhookConfiguration");
    }
}
