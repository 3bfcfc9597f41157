package io.spotwise.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.topic.Topics;
import io.spotwise.kafka.local.KafkaBroker;
import io.spotwise.sim.SimOptions;
import io.spotwise.sim.SimulatedCluster;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against the simulated API server's real watch semantics (a 1 s watch history, 410 Gone beyond it): the
 * watcher's informers lose their watches for longer than the history, resume from a compacted resourceVersion,
 * get 410, relist, and the watcher publishes exactly what it missed.
 */
@ExtendWith(SharedKafkaBroker.class)
class WatchResumptionIT {

    @Test
    @DisplayName("A watch broken for longer than the API server's watch window relists and publishes exactly the missed changes")
    void relistsAfterWatchWindow() throws Exception {
        KafkaBroker broker = SharedKafkaBroker.broker();
        StateTopicsProbe topics = new StateTopicsProbe(broker.bootstrapServers());
        try (SimulatedCluster sim = SimulatedCluster.start(SimOptions.defaults().withNodes(1, 0, 20)
                .withWatchWindow(Duration.ofSeconds(1)));
             KubernetesClient client = sim.client()) {
            for (String name : new String[] {"kept", "changed", "deleted"}) {
                client.pods().resource(ClusterObjects.pod("resume", name, null, null, Map.of("app", "a"), "ondemand-1"))
                        .create();
            }
            try (WatcherFixture f = WatcherFixture.start(client, WatcherFixture.env(broker.bootstrapServers(), "resume"))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> topics.pod("resume/kept").isPresent()
                        && topics.pod("resume/changed").isPresent() && topics.pod("resume/deleted").isPresent());
                Map<String, Long> before = recordsPerKey(broker);

                sim.watches().interrupt();
                client.pods().inNamespace("resume").withName("changed").edit(p -> {
                    p.getMetadata().getLabels().put("app", "b");
                    return p;
                });
                client.pods().inNamespace("resume").withName("deleted").withGracePeriod(0).delete();
                client.pods().resource(ClusterObjects.pod("resume", "created", null, null, Map.of("app", "a"), "ondemand-1"))
                        .create();
                long missed = sim.watches().resourceVersion();
                await().atMost(Duration.ofSeconds(30)).until(() -> sim.watches().compactedThrough() >= missed);
                long listsBefore = podLists(sim);
                sim.watches().resume();

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    String current = client.pods().inNamespace("resume").withName("changed").get().getMetadata()
                            .getResourceVersion();
                    assertThat(topics.pod("resume/changed")).hasValueSatisfying(p -> assertThat(p.resourceVersion())
                            .isEqualTo(current));
                    assertThat(topics.tombstoned(Topics.PODS, "resume/deleted")).isTrue();
                    assertThat(topics.pod("resume/created")).isPresent();
                });
                await().atMost(Duration.ofSeconds(30)).until(f.watcher::ready);
                assertThat(podLists(sim)).as("410 Gone made the pod informer relist").isGreaterThan(listsBefore);
                Map<String, Long> after = recordsPerKey(broker);
                assertThat(after.keySet().stream().filter(k -> after.get(k) > before.getOrDefault(k, 0L)))
                        .as("only the missed changes are published again").containsExactlyInAnyOrder(
                                "resume/changed", "resume/deleted", "resume/created");
            }
        }
    }

    private static long podLists(SimulatedCluster sim) {
        return sim.requests().stream().filter(r -> "list".equals(r.verb()) && "pods".equals(r.resource())).count();
    }

    private static Map<String, Long> recordsPerKey(KafkaBroker broker) {
        return TopicProbe.readAll(broker.bootstrapServers(), Topics.PODS).stream()
                .collect(Collectors.groupingBy(r -> r.key(), Collectors.counting()));
    }
}
