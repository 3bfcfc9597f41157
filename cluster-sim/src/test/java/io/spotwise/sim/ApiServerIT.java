package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The API server extensions: eviction with PodDisruptionBudgets, merge patch, selectors, UIDs, request log. */
class ApiServerIT {

    private static SimulatedCluster sim;
    private static NamespacedKubernetesClient client;

    @BeforeAll
    static void start() {
        sim = SimulatedCluster.start(SimOptions.defaults().withNodes(1, 0, 50));
        client = sim.client("tester");
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    private static Eviction eviction(String ns, String name) {
        return new EvictionBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().build();
    }

    private static void awaitReady(String ns, String name) {
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            Pod p = client.pods().inNamespace(ns).withName(name).get();
            return p != null && "Running".equals(p.getStatus().getPhase());
        });
    }

    @Test
    @DisplayName("eviction deletes the pod (watchers see DELETED) and a missing pod answers 404")
    void evictionSucceedsAndMissingPodIs404() {
        client.pods().inNamespace("ev1").resource(Fixtures.pod("a", "a")).create();
        List<String> events = new CopyOnWriteArrayList<>();
        try (Watch w = client.pods().inNamespace("ev1").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                events.add(action + " " + pod.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            assertThat(client.pods().inNamespace("ev1").withName("a").evict(eviction("ev1", "a"))).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("DELETED a"));
        }
        assertThat(client.pods().inNamespace("ev1").withName("a").get()).isNull();
        assertThatThrownBy(() -> client.pods().inNamespace("ev1").withName("gone").evict(eviction("ev1", "gone")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    @Test
    @DisplayName("a PodDisruptionBudget with no disruptions left answers 429 naming the budget; two budgets answer 500")
    void budgetsBlockEvictions() throws Exception {
        String ns = "ev2";
        client.pods().inNamespace(ns).resource(Fixtures.pod("w1", "web")).create();
        client.pods().inNamespace(ns).resource(Fixtures.pod("w2", "web")).create();
        awaitReady(ns, "w1");
        awaitReady(ns, "w2");
        client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web-pdb").endMetadata().withNewSpec()
                .withMinAvailable(new io.fabric8.kubernetes.api.model.IntOrString(2))
                .withNewSelector().addNewMatchExpression().withKey("app").withOperator("In").withValues("web")
                .endMatchExpression().endSelector().endSpec().build()).create();

        assertThat(client.pods().inNamespace(ns).withName("w1").evict(eviction(ns, "w1"))).isFalse();
        HttpResponse<String> raw = rawEviction(ns, "w1");
        assertThat(raw.statusCode()).isEqualTo(429);
        assertThat(raw.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject status = new JsonObject(raw.body());
        assertThat(status.getString("reason")).isEqualTo("TooManyRequests");
        assertThat(status.getJsonObject("details").getJsonArray("causes").getJsonObject(0).getString("reason"))
                .isEqualTo("DisruptionBudget");
        assertThat(status.getJsonObject("details").getJsonArray("causes").getJsonObject(0).getString("message"))
                .contains("web-pdb");
        assertThat(client.pods().inNamespace(ns).withName("w1").get()).isNotNull();

        client.policy().v1().podDisruptionBudget().inNamespace(ns).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web-pdb-2").endMetadata().withNewSpec()
                .withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString("50%"))
                .withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build()).create();
        assertThatThrownBy(() -> client.pods().inNamespace(ns).withName("w1").evict(eviction(ns, "w1")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(500);
                    assertThat(e.getStatus().getMessage()).isEqualTo("This pod has more than one "
                            + "PodDisruptionBudget, which the eviction subresource does not support.");
                });

        client.policy().v1().podDisruptionBudget().inNamespace(ns).withName("web-pdb").delete();
        assertThat(client.pods().inNamespace(ns).withName("w1").evict(eviction(ns, "w1"))).isTrue();
    }

    private static HttpResponse<String> rawEviction(String ns, String name) throws Exception {
        String body = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + ns + "\"}}";
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.masterUrl() + "/api/v1/namespaces/"
                + ns + "/pods/" + name + "/eviction")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("JSON merge patch: null deletes a key, arrays replace, the resource version advances")
    void mergePatch() {
        Pod created = client.pods().inNamespace("mp").resource(new PodBuilder(Fixtures.pod("p", "x"))
                .editMetadata().addToAnnotations("keep", "1").addToAnnotations("drop", "2").endMetadata()
                .editSpec().addNewToleration().withKey("a").withOperator("Exists").endToleration()
                .addNewToleration().withKey("b").withOperator("Exists").endToleration().endSpec().build()).create();
        Pod patched = client.pods().inNamespace("mp").withName("p").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\"drop\":null,\"new\":\"3\"}},"
                        + "\"spec\":{\"tolerations\":[{\"key\":\"c\",\"operator\":\"Exists\"}]}}");
        assertThat(patched.getMetadata().getAnnotations()).containsEntry("keep", "1").containsEntry("new", "3")
                .doesNotContainKey("drop");
        assertThat(patched.getSpec().getTolerations()).extracting(t -> t.getKey()).containsExactly("c");
        assertThat(Long.parseLong(patched.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(patched.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    }

    @Test
    @DisplayName("new objects get random UIDs, not the mock's counter")
    void randomUids() {
        Pod a = client.pods().inNamespace("uid").resource(Fixtures.pod("a", "u")).create();
        assertThat(a.getMetadata().getUid()).doesNotStartWith("00000000-0000-0000");
        assertThat(client.pods().inNamespace("uid").withName("a").get().getMetadata().getUid())
                .isEqualTo(a.getMetadata().getUid());
    }

    @Test
    @DisplayName("field selectors and set-based label selectors filter lists and watches")
    void selectors() {
        String ns = "sel";
        client.pods().inNamespace(ns).resource(Fixtures.pod("web", "web")).create();
        client.pods().inNamespace(ns).resource(Fixtures.pod("db", "db")).create();
        client.pods().inNamespace(ns).resource(Fixtures.pod("cache", "cache")).create();
        assertThat(client.pods().inNamespace(ns).withLabelIn("app", "web", "db").list().getItems())
                .extracting(p -> p.getMetadata().getName()).containsExactlyInAnyOrder("web", "db");
        assertThat(client.pods().inNamespace(ns).withLabelNotIn("app", "web", "db").list().getItems())
                .extracting(p -> p.getMetadata().getName()).containsExactly("cache");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Watch w = client.pods().inAnyNamespace().withField("spec.nodeName", "ondemand-1")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        if (pod.getMetadata().getNamespace().equals(ns)) {
                            seen.add(action + " " + pod.getMetadata().getName());
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                })) {
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.containsAll(List.of("ADDED web", "ADDED db",
                    "ADDED cache")));
            assertThat(client.pods().inAnyNamespace().withField("spec.nodeName", "ondemand-1").list().getItems())
                    .extracting(p -> p.getMetadata().getName()).contains("web", "db", "cache");
            assertThat(client.pods().inNamespace(ns).withField("spec.nodeName", "nowhere").list().getItems()).isEmpty();
            client.pods().inNamespace(ns).withName("db").delete();
            await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("DELETED db"));
        }
    }

    @Test
    @DisplayName("the request log attributes requests to the service named in the User-Agent")
    void requestLog() {
        try (NamespacedKubernetesClient actuator = sim.client("actuator")) {
            actuator.pods().inNamespace("log").resource(Fixtures.pod("l", "l")).create();
            actuator.pods().inNamespace("log").withName("l").evict(eviction("log", "l"));
        }
        assertThat(sim.requests()).filteredOn(r -> r.service().equals("actuator"))
                .extracting(r -> r.verb() + " " + r.apiGroup() + "/" + r.resource()
                        + (r.subresource() == null ? "" : "/" + r.subresource()) + " " + r.namespace())
                .contains("create /pods log", "create /pods/eviction log");
    }
}
