package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The scrape setup reaches the services: the PodMonitor's selector and port, and the plain prometheus.io annotations. */
@DisplayName("k8s/components/monitoring and the prometheus.io annotations point at the ops ports")
class MonitoringManifestsIT {

    @Test
    @DisplayName("overlays/monitoring: a PodMonitor selecting every Spotwise pod on its port 'ops', the PrometheusRule, the dashboard ConfigMap")
    void podMonitorSelectsEveryService() {
        List<HasMetadata> objects = Kustomize.objects("overlays/monitoring");
        GenericKubernetesResource podMonitor = objects.stream().filter(o -> o.getKind().equals("PodMonitor"))
                .map(GenericKubernetesResource.class::cast).findFirst().orElseThrow();
        Map<String, String> selector = podMonitor.get("spec", "selector", "matchLabels");
        String port = podMonitor.get("spec", "podMetricsEndpoints", 0, "port");
        List<Deployment> deployments = Kustomize.all(objects, Deployment.class);
        assertThat(deployments).hasSize(3).allSatisfy(d -> {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
            assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()).extracting(ContainerPort::getName).contains(port);
        });
        assertThat(objects).anyMatch(o -> o.getKind().equals("PrometheusRule") && o.getMetadata().getNamespace().equals("spotwise"));
        assertThat(Kustomize.find(objects, ConfigMap.class, "spotwise-grafana-dashboard").getData()).containsKey("spotwise-dashboard.json");
    }

    @Test
    @DisplayName("base: each pod template asks a plain Prometheus to scrape its ops port at /metrics")
    void plainPrometheusAnnotations() {
        for (Deployment d : Kustomize.all(Kustomize.objects("base"), Deployment.class)) {
            Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
            ContainerPort ops = d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                    .filter(p -> "ops".equals(p.getName())).findFirst().orElseThrow();
            assertThat(annotations).as(d.getMetadata().getName())
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", Integer.toString(ops.getContainerPort()))
                    .containsEntry("prometheus.io/path", "/metrics");
        }
    }
}
