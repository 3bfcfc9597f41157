package io.spotwise.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.topic.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
@EnableKubernetesMockClient(crud = true)
class WatcherTakeoverIT {

    static KubernetesClient client;
    static StateTopicsProbe topics;

    @BeforeAll
    static void setUp() {
        topics = new StateTopicsProbe(SharedKafkaBroker.bootstrapServers());
    }

    @Test
    @DisplayName("Deletes that happened while no watcher ran are tombstoned at start, on the partition the key was found on")
    void offlineDeletionsAreTombstonedAtStart() throws Exception {
        client.apps().deployments().resource(ClusterObjects.deployment("offline", "gone", Map.of(), Map.of(), 1)).create();
        client.apps().replicaSets().resource(ClusterObjects.replicaSet("offline", "gone-1", "gone")).create();
        client.pods().resource(ClusterObjects.pod("offline", "gone-1-a", "ReplicaSet", "gone-1", Map.of(), null)).create();
        client.pods().resource(ClusterObjects.pod("offline", "stays", null, null, Map.of(), null)).create();
        try (WatcherFixture first = WatcherFixture.start(client, WatcherFixture.env(SharedKafkaBroker.bootstrapServers(), "first"))) {
            await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).until(() -> topics.pod("offline/gone-1-a").isPresent() && topics.pod("offline/stays").isPresent());
        }
        int podPartition = topics.latest(Topics.PODS, "offline/gone-1-a").orElseThrow().partition();
        int workloadPartition = topics.latest(Topics.WORKLOADS, "Deployment/offline/gone").orElseThrow().partition();

        client.pods().inNamespace("offline").withName("gone-1-a").delete();
        client.apps().deployments().inNamespace("offline").withName("gone").delete();

        try (WatcherFixture second = WatcherFixture.start(client, WatcherFixture.env(SharedKafkaBroker.bootstrapServers(), "second"))) {
            await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(topics.tombstoned(Topics.PODS, "offline/gone-1-a")).isTrue();
                assertThat(topics.tombstoned(Topics.WORKLOADS, "Deployment/offline/gone")).isTrue();
            });
            assertThat(topics.latest(Topics.PODS, "offline/gone-1-a").orElseThrow().partition()).isEqualTo(podPartition);
            assertThat(topics.latest(Topics.WORKLOADS, "Deployment/offline/gone").orElseThrow().partition()).isEqualTo(workloadPartition);
            assertThat(topics.pod("offline/stays")).isPresent();
        }
    }

    @Test
    @DisplayName("Only the Lease holder publishes; when it stops, the warm standby takes over and publishes what changed")
    void leaderHandOver() throws Exception {
        Map<String, String> a = WatcherFixture.env(SharedKafkaBroker.bootstrapServers(), "watcher-a");
        a.put("SPOTWISE_WATCHER_LEADER_ELECTION", "true");
        Map<String, String> b = WatcherFixture.env(SharedKafkaBroker.bootstrapServers(), "watcher-b");
        b.put("SPOTWISE_WATCHER_LEADER_ELECTION", "true");
        client.pods().resource(ClusterObjects.pod("lease", "before", null, null, Map.of(), null)).create();

        WatcherFixture first = WatcherFixture.start(client, a);
        await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).until(first.watcher::isLeading);
        try (WatcherFixture standby = WatcherFixture.start(client, b)) {
            await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).until(() -> topics.pod("lease/before").isPresent());
            assertThat(standby.watcher.isLeading()).isFalse();
            await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).until(() -> standby.watcher.state().podCount() >= 1);

            first.close();
            client.pods().inNamespace("lease").withName("before").delete();
            client.pods().resource(ClusterObjects.pod("lease", "after", null, null, Map.of(), null)).create();

            await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(30)).until(standby.watcher::isLeading);
            await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(topics.tombstoned(Topics.PODS, "lease/before")).isTrue();
                assertThat(topics.pod("lease/after")).isPresent();
            });
            assertThat(standby.published(Topics.PODS)).isPositive();
        } finally {
            first.close();
        }
    }
}
