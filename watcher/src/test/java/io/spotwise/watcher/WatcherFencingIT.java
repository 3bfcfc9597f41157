package io.spotwise.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.topic.Topics;
import io.spotwise.watcher.state.ClusterState;
import io.spotwise.watcher.state.PodFacts;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two watchers in one JVM against a real broker: the deposed one still believes it leads (a stalled Lease renewal, a
 * skewed clock) and writes what its stale cache says after its successor took over.
 */
@ExtendWith(SharedKafkaBroker.class)
class WatcherFencingIT {

    @Test
    @DisplayName("a deposed watcher's late writes are never read: no stale snapshot over a fresher one, no ghost of a deleted pod")
    void deposedWatcherIsFenced() throws Exception {
        Map<String, String> env = WatcherFixture.env(SharedKafkaBroker.bootstrapServers(), "fencing");
        // initTransactions waits while the coordinator aborts the predecessor's open transaction: the default bound
        env.put("KAFKA_MAX_BLOCK_MS", "10000");
        WatcherConfig config = WatcherConfig.from(env);
        int partitions = Main.ensureTopics(config);
        StateTopicsProbe topics = new StateTopicsProbe(SharedKafkaBroker.bootstrapServers());

        ClusterState stale = new ClusterState();
        stale.putPod(facts(ClusterObjects.pod("fence", "ghost", null, null, Map.of(), null)));
        stale.putPod(facts(ClusterObjects.pod("fence", "web", null, null, Map.of(), null)));
        ClusterState fresh = new ClusterState();
        fresh.putPod(facts(ClusterObjects.pod("fence", "web", null, null, Map.of(), "node-1")));

        AtomicBoolean deposedLost = new AtomicBoolean();
        Vertx vertx = Vertx.vertx();
        try (LonePublisher deposed = new LonePublisher(vertx, config, stale, partitions, "fencing-old", () -> deposedLost.set(true));
             LonePublisher successor = new LonePublisher(vertx, config, fresh, partitions, "fencing-new", () -> {})) {
            deposed.lead();
            await().atMost(Duration.ofSeconds(30)).until(() -> topics.pod("fence/ghost").isPresent()
                    && topics.pod("fence/web").map(p -> p.phase().equals("Pending")).orElse(false));

            successor.lead();
            await().atMost(Duration.ofSeconds(30)).until(() -> topics.tombstoned(Topics.PODS, "fence/ghost")
                    && topics.pod("fence/web").map(p -> p.phase().equals("Running")).orElse(false));

            // the deposed watcher has not noticed: it publishes its stale cache
            deposed.onContext(() -> {
                deposed.publisher.podChanged("fence/ghost");
                deposed.publisher.podChanged("fence/web");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deposedLost).isTrue());

            assertThat(topics.tombstoned(Topics.PODS, "fence/ghost")).as("no ghost record").isTrue();
            assertThat(topics.pod("fence/web")).hasValueSatisfying(p -> assertThat(p.phase()).isEqualTo("Running"));
            assertThat(deposed.publisher.isLeading()).as("it keeps running; its owner steps it down").isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static PodFacts facts(Pod pod) {
        return PodFacts.of(pod, SpotwiseKeys.DEFAULT);
    }
}
