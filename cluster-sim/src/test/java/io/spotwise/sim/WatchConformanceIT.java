package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watches, pinned to "Kubernetes API Concepts" (kubernetes.io/docs/reference/using-api/api-concepts/):
 * #efficient-detection-of-changes, #watch-bookmarks and "Resource versions" #semantics-for-watch; HTTP streaming
 * watches checked with the real kubectl.
 */
class WatchConformanceIT {

    private static SimulatedCluster sim;
    private static NamespacedKubernetesClient client;
    private static Kubectl kubectl;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        sim = SimulatedCluster.start(SimOptions.defaults().withNodes(1, 0, 20)
                .withBookmarkInterval(Duration.ofMillis(200)).withWatchWindow(Duration.ofSeconds(2)));
        client = sim.client();
        kubectl = new Kubectl(sim, dir);
    }

    @AfterAll
    static void stop() {
        client.close();
        sim.close();
    }

    private static ConfigMap configMap(String ns, String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).addToLabels("app", value)
                .endMetadata().addToData("v", value).build();
    }

    private static long rv(JsonObject event) {
        return Long.parseLong(event.getJsonObject("object").getJsonObject("metadata").getString("resourceVersion"));
    }

    @Test
    @DisplayName("api-concepts#efficient-detection-of-changes: a watch from a list's resourceVersion gets exactly "
            + "the later changes, each with a larger resourceVersion (a deletion too)")
    void resumesFromResourceVersion() {
        client.configMaps().inNamespace("w1").resource(configMap("w1", "before", "a")).create();
        String listed = client.configMaps().inNamespace("w1").list().getMetadata().getResourceVersion();
        client.configMaps().inNamespace("w1").resource(configMap("w1", "after", "a")).create();
        client.configMaps().inNamespace("w1").withName("after").edit(c -> configMap("w1", "after", "b"));
        client.configMaps().inNamespace("w1").withName("after").delete();
        try (WatchStream w = new WatchStream(sim, "/api/v1/namespaces/w1/configmaps?watch=1&resourceVersion="
                + listed)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(w.events).hasSizeGreaterThanOrEqualTo(3));
            assertThat(w.types()).containsExactly("ADDED", "MODIFIED", "DELETED");
            assertThat(w.names()).containsOnly("after");
            assertThat(rv(w.events.get(0))).isGreaterThan(Long.parseLong(listed));
            assertThat(rv(w.events.get(1))).isGreaterThan(rv(w.events.get(0)));
            assertThat(rv(w.events.get(2))).isGreaterThan(rv(w.events.get(1)));
        }
    }

    @Test
    @DisplayName("api-concepts#semantics-for-watch: without a resourceVersion a watch starts with the current "
            + "objects as ADDED, then streams changes")
    void startsWithState() {
        client.configMaps().inNamespace("w2").resource(configMap("w2", "one", "a")).create();
        try (WatchStream w = new WatchStream(sim, "/api/v1/namespaces/w2/configmaps?watch=true")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> w.events.size() >= 1);
            client.configMaps().inNamespace("w2").resource(configMap("w2", "two", "a")).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> w.events.size() >= 2);
            assertThat(w.types()).containsExactly("ADDED", "ADDED");
            assertThat(w.names()).containsExactly("one", "two");
        }
    }

    @Test
    @DisplayName("api-concepts#efficient-detection-of-changes: a resourceVersion older than the retained history "
            + "gets an ERROR event with 410 Gone (Expired); fabric8 reports it as HTTP Gone")
    void goneWhenCompacted() throws Exception {
        String old = client.configMaps().inNamespace("w3").list().getMetadata().getResourceVersion();
        client.configMaps().inNamespace("w3").resource(configMap("w3", "x", "a")).create();
        sim.watches().compactAll();
        try (WatchStream w = new WatchStream(sim, "/api/v1/namespaces/w3/configmaps?watch=1&resourceVersion=" + old)) {
            w.ended.get(10, TimeUnit.SECONDS);
            assertThat(w.status.get()).isEqualTo(200);
            assertThat(w.types()).containsExactly("ERROR");
            JsonObject status = w.events.get(0).getJsonObject("object");
            assertThat(status.getInteger("code")).isEqualTo(410);
            assertThat(status.getString("reason")).isEqualTo("Expired");
            assertThat(status.getString("message")).startsWith("too old resource version: " + old);
        }
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        client.configMaps().inNamespace("w3").withResourceVersion(old).watch(new Watcher<ConfigMap>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
            }

            @Override
            public void onClose(WatcherException cause) {
                closed.complete(cause);
            }
        });
        assertThat(closed.get(10, TimeUnit.SECONDS).isHttpGone()).isTrue();
    }

    @Test
    @DisplayName("api-concepts#watch-bookmarks: allowWatchBookmarks=true brings BOOKMARK events carrying only the "
            + "current resourceVersion; timeoutSeconds ends the watch")
    void bookmarksAndTimeout() throws Exception {
        client.configMaps().inNamespace("w4").resource(configMap("w4", "x", "a")).create();
        String listed = client.configMaps().inNamespace("w4").list().getMetadata().getResourceVersion();
        try (WatchStream w = new WatchStream(sim, "/api/v1/namespaces/w4/configmaps?watch=1&allowWatchBookmarks=true"
                + "&timeoutSeconds=2&resourceVersion=" + listed)) {
            w.ended.get(20, TimeUnit.SECONDS);
            assertThat(w.types()).isNotEmpty().containsOnly("BOOKMARK");
            JsonObject bookmark = w.events.get(0).getJsonObject("object");
            assertThat(bookmark.getString("kind")).isEqualTo("ConfigMap");
            assertThat(Long.parseLong(bookmark.getJsonObject("metadata").getString("resourceVersion")))
                    .isGreaterThanOrEqualTo(Long.parseLong(listed));
        }
    }

    @Test
    @DisplayName("api-concepts#efficient-detection-of-changes: a label-selecting watch sees an object leave its "
            + "selection as DELETED (WebSocket watch, fabric8)")
    void selectorTransitions() {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var watch = client.configMaps().inNamespace("w5").withLabel("app", "a").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                seen.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.configMaps().inNamespace("w5").resource(configMap("w5", "x", "a")).create();
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 1);
            client.configMaps().inNamespace("w5").withName("x").edit(c -> configMap("w5", "x", "b"));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
            assertThat(seen).containsExactly("ADDED x", "DELETED x");
        }
    }

    @Test
    @DisplayName("api-concepts#efficient-detection-of-changes: kubectl get pods -w and kubectl get events -w "
            + "stream new rows in the printers' columns")
    void kubectlWatch() throws Exception {
        try (Kubectl.Background pods = kubectl.start("get", "pods", "-n", "w6", "-w");
             Kubectl.Background events = kubectl.start("get", "events", "-n", "w6", "-w")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> sim.requests().stream().filter(r -> "watch".equals(r.verb())
                    && "w6".equals(r.namespace())).count() == 2);
            client.pods().inNamespace("w6").resource(Fixtures.pod("web-1", "web")).create();
            client.v1().events().inNamespace("w6").resource(new EventBuilder().withNewMetadata().withName("e.1")
                    .endMetadata().withType("Normal").withReason("SpotSchedulingEnabled").withMessage("spot is back")
                    .withNewInvolvedObject().withKind("Deployment").withName("web").withNamespace("w6")
                    .endInvolvedObject().build()).create();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<List<String>> rows = TableOutputConformanceIT.rows(pods.output());
                assertThat(rows.get(0)).containsExactly("NAME", "READY", "STATUS", "RESTARTS", "AGE");
                assertThat(rows).anySatisfy(r -> assertThat(r).startsWith("web-1", "1/1", "Running"));
            });
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<List<String>> rows = TableOutputConformanceIT.rows(events.output());
                assertThat(rows.get(0)).containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
                assertThat(rows).anySatisfy(r -> assertThat(r).endsWith("Normal", "SpotSchedulingEnabled",
                        "deployment/web", "spot is back"));
            });
        }
    }
}
