package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.Test;

/** As the API server's ResetObjectMetaForStatus: a status write cannot change (or drop) labels and annotations. */
class StatusSubresourceIT {

    @Test
    void statusWriteFromAStaleCopyKeepsAnAnnotationPatchedMeanwhile() {
        try (SimulatedCluster sim = SimulatedCluster.start(SimOptions.defaults())) {
            KubernetesClient client = sim.client();
            client.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-1").withNamespace("shop")
                    .addToLabels("app", "web").endMetadata().withNewSpec().addNewContainer().withName("app")
                    .withImage("nginx:1.27").endContainer().endSpec().build()).create();
            Pod stale = client.pods().inNamespace("shop").withName("web-1").get();
            client.pods().inNamespace("shop").withName("web-1").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"controller.kubernetes.io/pod-deletion-cost\":\"7\"}}}");
            stale.getMetadata().setResourceVersion(null);
            stale.getMetadata().getLabels().put("app", "changed-by-a-status-write");
            stale.getStatus().setPhase("Running");
            client.pods().inNamespace("shop").resource(stale).updateStatus();
            Pod now = client.pods().inNamespace("shop").withName("web-1").get();
            assertThat(now.getStatus().getPhase()).isEqualTo("Running");
            assertThat(now.getMetadata().getAnnotations()).containsEntry("controller.kubernetes.io/pod-deletion-cost", "7");
            assertThat(now.getMetadata().getLabels()).containsEntry("app", "web");
        }
    }
}
