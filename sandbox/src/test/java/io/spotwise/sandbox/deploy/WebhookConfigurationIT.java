package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The admission webhook is registered to fail open and touch only pod creations outside its own namespace")
class WebhookConfigurationIT {

    @ParameterizedTest(name = "k8s/{0}")
    @ValueSource(strings = {"base", "overlays/cert-manager", "overlays/production", "overlays/compose"})
    @DisplayName("pods CREATE only, failurePolicy Ignore, 2 s, NoneOnDryRun, v1, not in spotwise or kube-system")
    void failsOpen(String dir) {
        MutatingWebhookConfiguration config = Kustomize.find(Kustomize.objects(dir), MutatingWebhookConfiguration.class, "spotwise-decider");

        assertThat(config.getWebhooks()).hasSize(1);
        MutatingWebhook webhook = config.getWebhooks().get(0);
        assertThat(webhook.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getOperations()).containsExactly("CREATE");
            assertThat(rule.getApiGroups()).containsExactly("");
            assertThat(rule.getResources()).containsExactly("pods");
        });
        assertThat(webhook.getFailurePolicy()).isEqualTo("Ignore");
        assertThat(webhook.getTimeoutSeconds()).isEqualTo(2);
        assertThat(webhook.getSideEffects()).isEqualTo("NoneOnDryRun");
        assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
        assertThat(webhook.getNamespaceSelector().getMatchExpressions()).singleElement().satisfies(e -> {
            assertThat(e.getKey()).isEqualTo("kubernetes.io/metadata.name");
            assertThat(e.getOperator()).isEqualTo("NotIn");
            assertThat(e.getValues()).containsExactlyInAnyOrder("spotwise", "kube-system");
        });
        String path = webhook.getClientConfig().getService() != null
                ? webhook.getClientConfig().getService().getPath() : webhook.getClientConfig().getUrl();
        assertThat(path).endsWith("/mutate");
    }

    @Test
    @DisplayName("the webhook Service reaches the decider's port 8443 named by the registration")
    void serviceReachesTheDecider() {
        List<HasMetadata> objects = Kustomize.objects("base");
        var ref = Kustomize.find(objects, MutatingWebhookConfiguration.class, "spotwise-decider").getWebhooks().get(0).getClientConfig().getService();
        Service service = Kustomize.find(objects, Service.class, ref.getName());
        Deployment decider = Kustomize.find(objects, Deployment.class, "spotwise-decider");

        assertThat(ref.getNamespace()).isEqualTo(service.getMetadata().getNamespace());
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(ref.getPort());
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("webhook");
        });
        assertThat(decider.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(decider.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .anySatisfy(p -> {
                    assertThat(p.getName()).isEqualTo("webhook");
                    assertThat(p.getContainerPort()).isEqualTo(8443);
                });
    }

    @Test
    @DisplayName("cert-manager: the Certificate covers the Service's DNS name, fills the Secret the decider mounts, and cainjector injects its CA")
    @SuppressWarnings("unchecked")
    void certManagerWiring() {
        List<HasMetadata> objects = Kustomize.objects("overlays/cert-manager");
        GenericKubernetesResource certificate = (GenericKubernetesResource) objects.stream()
                .filter(o -> o.getKind().equals("Certificate")).findFirst().orElseThrow();
        Map<String, Object> spec = certificate.get("spec");
        Deployment decider = Kustomize.find(objects, Deployment.class, "spotwise-decider");
        String mountedSecret = decider.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null).findFirst().orElseThrow().getSecret().getSecretName();

        assertThat(spec.get("secretName")).isEqualTo(mountedSecret);
        assertThat((List<Object>) spec.get("dnsNames")).contains("spotwise-decider-webhook.spotwise.svc");
        assertThat(Kustomize.find(objects, MutatingWebhookConfiguration.class, "spotwise-decider").getMetadata().getAnnotations())
                .containsEntry("cert-manager.io/inject-ca-from",
                        certificate.getMetadata().getNamespace() + "/" + certificate.getMetadata().getName());
    }
}
