package io.spotwise.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.topic.Topics;
import io.spotwise.kafka.local.KafkaBroker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
@EnableKubernetesMockClient(crud = true)
class BrokerOutageIT {

    static KubernetesClient client;

    @Test
    @DisplayName("With the broker down the watcher is not ready and counts failed sends; once it is back, no final state is lost")
    void brokerStoppedAndRestartedMidStream() throws Exception {
        KafkaBroker broker = SharedKafkaBroker.broker();
        StateTopicsProbe topics = new StateTopicsProbe(broker.bootstrapServers());
        client.pods().resource(ClusterObjects.pod("outage", "kept", null, null, Map.of(), null)).create();
        client.pods().resource(ClusterObjects.pod("outage", "deleted", null, null, Map.of(), null)).create();
        try (WatcherFixture f = WatcherFixture.start(client, WatcherFixture.env(broker.bootstrapServers(), "outage"))) {
            await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(20)).until(() -> topics.pod("outage/deleted").isPresent() && topics.pod("outage/kept").isPresent());
            assertThat(f.watcher.ready()).isTrue();

            broker.stop();
            try {
                client.pods().inNamespace("outage").withName("kept").edit(p -> {
                    p.getStatus().setPhase("Failed");
                    return p;
                });
                client.pods().inNamespace("outage").withName("deleted").delete();
                client.pods().resource(ClusterObjects.pod("outage", "created", null, null, Map.of(), null)).create();
                await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(30)).until(() -> !f.watcher.ready());
                await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(30)).until(() -> f.watcher.metrics().count("spotwise.watcher.send.failures", "topic", Topics.PODS) > 0);
            } finally {
                broker.restart();
            }

            await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(topics.pod("outage/kept")).hasValueSatisfying(p -> assertThat(p.phase()).isEqualTo("Failed"));
                assertThat(topics.tombstoned(Topics.PODS, "outage/deleted")).isTrue();
                assertThat(topics.pod("outage/created")).isPresent();
            });
            await().pollInterval(Duration.ofMillis(400)).atMost(Duration.ofSeconds(30)).until(f.watcher::ready);
        }
    }
}
