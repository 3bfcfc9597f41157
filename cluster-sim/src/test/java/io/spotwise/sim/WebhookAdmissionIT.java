package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every pod CREATE goes through the mutating webhook over HTTPS, like a real API server. */
class WebhookAdmissionIT {

    private static final String ASSIGNED = "spotwise.io/spot-assigned";
    private static Vertx vertx;
    private static HttpServer webhook;
    private static SelfSignedCertificate cert;
    private static final AtomicInteger calls = new AtomicInteger();

    /** Labels pods of app "spot" as spot-assigned; answers "allowed, no patch" for everything else. */
    @BeforeAll
    static void startWebhook() {
        vertx = Vertx.vertx();
        cert = SelfSignedCertificate.create("localhost");
        webhook = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(cert.keyCertOptions()))
                .requestHandler(req -> req.body().onSuccess(body -> {
                    calls.incrementAndGet();
                    JsonObject request = body.toJsonObject().getJsonObject("request");
                    JsonObject labels = request.getJsonObject("object").getJsonObject("metadata")
                            .getJsonObject("labels", new JsonObject());
                    JsonObject response = new JsonObject().put("uid", request.getString("uid")).put("allowed", true);
                    if ("spot".equals(labels.getString("app"))) {
                        String patch = new JsonArray().add(new JsonObject().put("op", "add")
                                .put("path", "/metadata/labels/spotwise.io~1spot-assigned").put("value", "true")).encode();
                        response.put("patchType", "JSONPatch").put("patch",
                                Base64.getEncoder().encodeToString(patch.getBytes(StandardCharsets.UTF_8)));
                    }
                    req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                            .put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview")
                            .put("response", response).encode());
                }))
                .listen(0, "127.0.0.1").await();
        // The first TLS handshake of a JVM can take seconds on a loaded machine: do it before the tests.
        HttpClient warmUp = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustAll(true)
                .setVerifyHost(false));
        warmUp.request(HttpMethod.POST, webhook.actualPort(), "127.0.0.1", "/warm-up")
                .compose(r -> r.send(new JsonObject().put("request", new JsonObject().put("uid", "warm-up")
                        .put("object", new JsonObject().put("metadata", new JsonObject()))).encode()))
                .compose(HttpClientResponse::body).await();
        warmUp.close().await();
        calls.set(0);
    }

    @AfterAll
    static void stopWebhook() {
        vertx.close().await();
    }

    private static String url() {
        return "https://localhost:" + webhook.actualPort() + "/mutate";
    }

    @Test
    @DisplayName("pods created by controllers and by clients are patched over HTTPS; 'no patch' leaves a pod untouched")
    void optionWebhookPatchesPods() {
        int before = calls.get();
        try (SimulatedCluster sim = SimulatedCluster.start(SimOptions.defaults().withNodes(2, 0, 10)
                .withWebhook(url(), Path.of(cert.certificatePath()), Duration.ofSeconds(2)));
             NamespacedKubernetesClient client = sim.client()) {
            client.apps().deployments().inNamespace("shop").resource(new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(Fixtures.deployment("spot", 2)).build()).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.pods().inNamespace("shop").withLabel("app", "spot").list().getItems().size() == 2);
            assertThat(client.pods().inNamespace("shop").withLabel("app", "spot").list().getItems())
                    .allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry(ASSIGNED, "true"));

            Pod plain = Fixtures.pod("plain", "plain");
            Pod created = client.pods().inNamespace("shop").resource(plain).create();
            assertThat(created.getMetadata().getLabels()).isEqualTo(plain.getMetadata().getLabels());
            assertThat(created.getSpec()).usingRecursiveComparison().ignoringFields("terminationGracePeriodSeconds")
                    .isEqualTo(plain.getSpec());
            assertThat(created.getSpec().getTerminationGracePeriodSeconds()).as("API defaulting").isEqualTo(1L);
            assertThat(calls.get() - before).isEqualTo(3);
            assertThat(sim.webhookCalls()).isEqualTo(3);
        }
    }

    @Test
    @DisplayName("a dead webhook fails open: the pod is created unchanged")
    void deadWebhookFailsOpen() {
        try (SimulatedCluster sim = SimulatedCluster.start(SimOptions.defaults().withNodes(1, 0, 10)
                .withWebhook("https://localhost:1/mutate", null, Duration.ofMillis(500)));
             NamespacedKubernetesClient client = sim.client()) {
            Pod created = client.pods().inNamespace("shop").resource(Fixtures.pod("s", "spot")).create();
            assertThat(created.getMetadata().getLabels()).doesNotContainKey(ASSIGNED);
            assertThat(sim.webhookCalls()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("a stored MutatingWebhookConfiguration is honoured, with its CA bundle and namespace selector")
    void storedConfiguration() throws Exception {
        try (SimulatedCluster sim = SimulatedCluster.start(SimOptions.defaults().withNodes(1, 0, 10));
             NamespacedKubernetesClient client = sim.client()) {
            String ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(cert.certificatePath())));
            client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                    new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("spotwise").endMetadata()
                            .addNewWebhook().withName("placement.spotwise.io").withNewClientConfig().withUrl(url())
                            .withCaBundle(ca).endClientConfig()
                            .addNewRule().withOperations("CREATE").withApiGroups("").withApiVersions("v1")
                            .withResources("pods").endRule()
                            .withNewNamespaceSelector().addNewMatchExpression().withKey("kubernetes.io/metadata.name")
                            .withOperator("NotIn").withValues("kube-system").endMatchExpression().endNamespaceSelector()
                            .withFailurePolicy("Ignore").withTimeoutSeconds(2).withSideEffects("None")
                            .withAdmissionReviewVersions(List.of("v1")).endWebhook().build())
                    .create();
            assertThat(client.pods().inNamespace("shop").resource(Fixtures.pod("a", "spot")).create()
                    .getMetadata().getLabels()).containsEntry(ASSIGNED, "true");
            assertThat(client.pods().inNamespace("kube-system").resource(Fixtures.pod("b", "spot")).create()
                    .getMetadata().getLabels()).doesNotContainKey(ASSIGNED);
        }
    }
}
