package io.spotwise.watcher;

import static io.spotwise.watcher.ClusterObjects.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.RevisionLabels;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
@EnableKubernetesMockClient(crud = true)
class WatcherPublishingIT {

    static KubernetesClient client;
    static KubernetesMockServer server;
    static WatcherFixture fixture;
    static StateTopicsProbe topics;
    static String podWatchPath;

    @BeforeAll
    static void startWatcher() throws Exception {
        // 410 Gone on the first pod watch: the informer must relist to see what changed meanwhile.
        String rv = client.pods().inAnyNamespace().list().getMetadata().getResourceVersion();
        podWatchPath = "/api/v1/pods?allowWatchBookmarks=true&resourceVersion=" + rv + "&timeoutSeconds=600&watch=true";
        server.expect().withPath(podWatchPath).andUpgradeToWebSocket().open().waitFor(2500)
                .andEmit(new WatchEvent(new StatusBuilder().withCode(410).withReason("Expired").build(), "ERROR")).done().once();
        Map<String, String> env = WatcherFixture.env(SharedKafkaBroker.bootstrapServers(), "publishing");
        env.put("SPOTWISE_WATCHER_NAMESPACES_EXCLUDE", "kube-system");
        fixture = WatcherFixture.start(client, env);
        client.pods().resource(ClusterObjects.pod("relist", "late", null, null, Map.of(), null)).create();
        topics = new StateTopicsProbe(SharedKafkaBroker.bootstrapServers());
    }

    @AfterAll
    static void stopWatcher() {
        fixture.close();
    }

    @Test
    @DisplayName("A Deployment's pod is published with ReplicaSet owner, Deployment workload, node facts, on the Deployment's partition")
    void deploymentPod() {
        client.nodes().resource(ClusterObjects.node("spot-1", "interruptible")).create();
        client.apps().deployments().resource(ClusterObjects.deployment("shop", "web", Map.of(PREFIX + "/spot-enabled", "true"),
                Map.of(PREFIX + "/spot-config", "{\"percentage\":60,\"minOnDemandReplicas\":2}"), 4)).create();
        client.apps().replicaSets().resource(ClusterObjects.replicaSet("shop", "web-abc", "web")).create();
        client.pods().resource(ClusterObjects.pod("shop", "web-abc-1", "ReplicaSet", "web-abc",
                Map.of(RevisionLabels.POD_TEMPLATE_HASH, "abc", PREFIX + "/spot-assigned", "true"), "spot-1")).create();

        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(topics.pod("shop/web-abc-1")).hasValueSatisfying(p -> {
            assertThat(p.workload()).isEqualTo(WorkloadRef.deployment("shop", "web"));
            assertThat(p.owner()).isEqualTo(new OwnerRef("ReplicaSet", "web-abc", "uid-web-abc"));
            assertThat(p.revision()).isEqualTo("abc");
            assertThat(p.spotAssigned()).isTrue();
            assertThat(p.nodeName()).isEqualTo("spot-1");
            assertThat(p.nodeCapacityType()).isEqualTo("interruptible");
            assertThat(p.nodeDisruption()).isNull();
            assertThat(p.phase()).isEqualTo("Running");
            assertThat(p.scheduledStatus()).isEqualTo("True");
            assertThat(p.ready()).isTrue();
            assertThat(p.deleting()).isFalse();
            assertThat(p.createdAt()).isNotNull();
            assertThat(p.pod().uid()).isNotBlank();
        }));
        WorkloadSnapshot web = topics.workload("Deployment/shop/web").orElseThrow();
        assertThat(web.enabled()).isTrue();
        assertThat(web.replicas()).isEqualTo(4);
        assertThat(web.spotConfig()).isEqualTo(new SpotConfig(60, 2));
        assertThat(web.spotConfigError()).isNull();
        assertThat(web.generation()).isEqualTo(1);
        assertThat(topics.latest(Topics.PODS, "shop/web-abc-1").orElseThrow().partition())
                .as("a pod shares its workload's partition")
                .isEqualTo(topics.latest(Topics.WORKLOADS, "Deployment/shop/web").orElseThrow().partition());
        assertThat(topics.latest(Topics.PODS, "shop/web-abc-1").orElseThrow().ceType()).isEqualTo("io.spotwise.pod-snapshot.v1");
    }

    @Test
    @DisplayName("A StatefulSet's pod has the StatefulSet as owner and workload, and its controller-revision-hash as revision")
    void statefulSetPod() {
        client.apps().statefulSets().resource(ClusterObjects.statefulSet("data", "db", Map.of(), 3)).create();
        client.pods().resource(ClusterObjects.pod("data", "db-0", "StatefulSet", "db", Map.of(RevisionLabels.CONTROLLER_REVISION_HASH, "db-7f"), null)).create();

        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(topics.pod("data/db-0")).hasValueSatisfying(p -> {
            assertThat(p.workload()).isEqualTo(WorkloadRef.statefulSet("data", "db"));
            assertThat(p.owner().kind()).isEqualTo("StatefulSet");
            assertThat(p.revision()).isEqualTo("db-7f");
            assertThat(p.nodeName()).isNull();
            assertThat(p.phase()).isEqualTo("Pending");
            assertThat(p.scheduledStatus()).isEqualTo("False");
            assertThat(p.scheduledReason()).isEqualTo("Unschedulable");
        }));
        assertThat(topics.workload("StatefulSet/data/db")).hasValueSatisfying(w -> {
            assertThat(w.enabled()).as("not opted in, still published").isFalse();
            assertThat(w.replicas()).isEqualTo(3);
        });
    }

    @Test
    @DisplayName("Bare pods, pods of bare ReplicaSets and pods of other kinds are published with no workload")
    void podsWithoutWorkload() {
        client.apps().replicaSets().resource(ClusterObjects.replicaSet("misc", "lonely", null)).create();
        client.pods().resource(ClusterObjects.pod("misc", "bare", null, null, Map.of(), null)).create();
        client.pods().resource(ClusterObjects.pod("misc", "lonely-1", "ReplicaSet", "lonely", Map.of(), null)).create();
        client.pods().resource(ClusterObjects.pod("misc", "job-1", "Job", "nightly", Map.of(), null)).create();

        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(topics.pod("misc/bare")).hasValueSatisfying(p -> assertThat(p.owner()).isNull());
            assertThat(topics.pod("misc/lonely-1")).hasValueSatisfying(p -> assertThat(p.owner().name()).isEqualTo("lonely"));
            assertThat(topics.pod("misc/job-1")).hasValueSatisfying(p -> assertThat(p.owner().kind()).isEqualTo("Job"));
        });
        assertThat(List.of("misc/bare", "misc/lonely-1", "misc/job-1")).allSatisfy(k -> assertThat(topics.pod(k).orElseThrow().workload()).isNull());
    }

    @Test
    @DisplayName("Updates republish the full snapshot; deletes write a tombstone on the partition of the live record")
    void updatesAndDeletes() {
        client.apps().deployments().resource(ClusterObjects.deployment("ops", "api", Map.of(PREFIX + "/spot-enabled", "true"), Map.of(), 2)).create();
        client.apps().replicaSets().resource(ClusterObjects.replicaSet("ops", "api-1", "api")).create();
        client.pods().resource(ClusterObjects.pod("ops", "api-1-a", "ReplicaSet", "api-1", Map.of(), null)).create();
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).until(() -> topics.pod("ops/api-1-a").isPresent());
        int partition = topics.latest(Topics.PODS, "ops/api-1-a").orElseThrow().partition();

        client.apps().deployments().inNamespace("ops").withName("api").edit(d -> {
            d.getMetadata().getLabels().put(PREFIX + "/spot-enabled", "True");
            d.getMetadata().setAnnotations(Map.of(PREFIX + "/spot-config", "{\"percentage\":\"many\"}",
                    PREFIX + "/spot-disabled-until", "2030-01-02T03:04:05Z"));
            d.getSpec().setReplicas(5);
            return d;
        });
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(topics.workload("Deployment/ops/api")).hasValueSatisfying(w -> {
            assertThat(w.enabled()).as("label must be exactly \"true\"").isFalse();
            assertThat(w.replicas()).isEqualTo(5);
            assertThat(w.generation()).isEqualTo(2);
            assertThat(w.spotConfigRaw()).isEqualTo("{\"percentage\":\"many\"}");
            assertThat(w.spotConfigError()).contains("percentage");
            assertThat(w.disabledUntil()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
        }));

        client.apps().deployments().inNamespace("ops").withName("api").edit(d -> {
            d.getMetadata().getAnnotations().put(PREFIX + "/spot-disabled-until", "next tuesday");
            return d;
        });
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(topics.workload("Deployment/ops/api")).hasValueSatisfying(w -> {
            assertThat(w.disabledUntilRaw()).isEqualTo("next tuesday");
            assertThat(w.disabledUntil()).isNull();
        }));

        client.pods().inNamespace("ops").withName("api-1-a").delete();
        client.apps().deployments().inNamespace("ops").withName("api").delete();
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(topics.tombstoned(Topics.PODS, "ops/api-1-a")).isTrue();
            assertThat(topics.tombstoned(Topics.WORKLOADS, "Deployment/ops/api")).isTrue();
        });
        assertThat(topics.latest(Topics.PODS, "ops/api-1-a").orElseThrow().partition()).isEqualTo(partition);
    }

    @Test
    @DisplayName("A node's capacity label, disruption taint or cordon republishes the pods on it")
    void nodeChangesRepublishPods() {
        client.nodes().resource(ClusterObjects.node("pool-a", "on-demand")).create();
        client.pods().resource(ClusterObjects.pod("nodes", "p1", null, null, Map.of(), "pool-a")).create();
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(topics.pod("nodes/p1"))
                .hasValueSatisfying(p -> assertThat(p.nodeCapacityType()).isEqualTo("on-demand")));

        client.nodes().withName("pool-a").edit(n -> {
            n.getMetadata().getLabels().put(PREFIX + "/capacity-type", "interruptible");
            return n;
        });
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(topics.pod("nodes/p1"))
                .hasValueSatisfying(p -> assertThat(p.nodeCapacityType()).isEqualTo("interruptible")));

        client.nodes().withName("pool-a").edit(n -> {
            n.getSpec().setTaints(List.of(new TaintBuilder().withKey("karpenter.sh/disrupted").withEffect("NoSchedule").build()));
            return n;
        });
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(topics.pod("nodes/p1"))
                .hasValueSatisfying(p -> assertThat(p.nodeDisruption()).isEqualTo("karpenter.sh/disrupted")));

        client.nodes().withName("pool-a").edit(n -> {
            n.getSpec().setTaints(List.of());
            n.getSpec().setUnschedulable(true);
            return n;
        });
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(topics.pod("nodes/p1"))
                .hasValueSatisfying(p -> assertThat(p.nodeDisruption()).isEqualTo("cordoned")));
    }

    @Test
    @DisplayName("Objects in excluded namespaces are never published")
    void excludedNamespace() {
        client.pods().resource(ClusterObjects.pod("kube-system", "dns", null, null, Map.of(), null)).create();
        client.pods().resource(ClusterObjects.pod("visible", "marker", null, null, Map.of(), null)).create();
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).until(() -> topics.pod("visible/marker").isPresent());
        assertThat(topics.latest(Topics.PODS, "kube-system/dns")).isEmpty();
    }

    @Test
    @DisplayName("After 410 Gone on the pod watch the informer relists and publishes what it had missed")
    void relistAfterGone() throws Exception {
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(30)).until(() -> topics.pod("relist/late").isPresent());
        List<String> paths = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            paths.add(r.getPath());
        }
        assertThat(paths).as("the scripted 410 watch was served").contains(podWatchPath);
        assertThat(fixture.watcher.ready()).isTrue();
    }

    @Test
    @DisplayName("Metrics count published records and informer events; the change-to-ack histogram is exported")
    void metrics() {
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).until(() -> fixture.published(Topics.PODS) > 0);
        String scrape = fixture.registry.scrape();
        assertThat(scrape).contains("spotwise_watcher_records_published_total{topic=\"spotwise.pods\"}")
                .contains("spotwise_watcher_informer_events_total{kind=\"Pod\",type=\"add\"}")
                .contains("spotwise_watcher_change_to_ack_seconds_bucket")
                .contains("spotwise_watcher_resyncs_total");
    }
}
