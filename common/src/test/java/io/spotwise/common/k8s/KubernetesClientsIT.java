package io.spotwise.common.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesClientsIT {

    KubernetesMockServer server;
    KubernetesClient mockClient;

    @Test
    @DisplayName("clients run on the JDK HTTP client, watches and informers work on it, and every request names the service")
    void jdkClientWatchesAndUserAgent() throws Exception {
        try (KubernetesClient client = KubernetesClients.create("watcher", 0, mockClient.getConfiguration())) {
            assertThat(client.getHttpClient().getClass().getName()).contains("jdkhttp");
            List<String> added = new CopyOnWriteArrayList<>();
            SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    added.add(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
                }

                @Override
                public void onUpdate(Pod oldPod, Pod newPod) {
                }

                @Override
                public void onDelete(Pod pod, boolean unknownFinalState) {
                }
            });
            informer.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
            mockClient.pods().inNamespace("shop").resource(new PodBuilder().withNewMetadata().withName("web-1").endMetadata().build()).create();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(added).contains("shop/web-1"));
            informer.close();

            String agent = null;
            RecordedRequest req;
            while ((req = server.takeRequest(1, TimeUnit.SECONDS)) != null) {
                if (req.getPath().contains("watch=true")) {
                    agent = req.getHeader("User-Agent");
                }
            }
            assertThat(agent).isEqualTo("spotwise-watcher/" + KubernetesClients.VERSION);
        }
    }

    @Test
    @DisplayName("the retry setting reaches the client: 0 means a 429 is seen at once")
    void retryConfigured() {
        try (KubernetesClient client = KubernetesClients.create("actuator", 0, mockClient.getConfiguration())) {
            assertThat(client.getConfiguration().getRequestRetryBackoffLimit()).isZero();
            assertThat(client.getHttpClient()).isInstanceOf(HttpClient.class);
        }
    }
}
