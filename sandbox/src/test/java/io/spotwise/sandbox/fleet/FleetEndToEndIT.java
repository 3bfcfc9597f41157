package io.spotwise.sandbox.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.kafka.local.KafkaBroker;
import io.spotwise.sandbox.Stack;
import io.spotwise.sandbox.StackKafka;
import io.spotwise.sandbox.StackSettings;
import io.spotwise.sandbox.e2e.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A fleet on one Kafka (docs/fleet.md): two simulated clusters, each with its own watcher, decider and actuator, on ONE
 * broker. The same workload ({@code Deployment shop/web}) runs in both; spot capacity fails in {@code east} only, so
 * only east decides fallback actions. Nothing of east may be carried out in west.
 */
class FleetEndToEndIT {

    static final Duration CONVERGE = Duration.ofSeconds(150);
    static final String CONFIG = "{\"percentage\":60,\"minOnDemandReplicas\":2}";

    @Test
    @DisplayName("two clusters with their own topic names on one broker: each converges, east's fallback stays in east, every record names its cluster")
    void ownTopicNames() throws Exception {
        Fleet east = Fleet.of("east", "");
        Fleet west = Fleet.of("west", "");
        try (KafkaBroker broker = KafkaBroker.start();
             Stack eastStack = start(broker, Map.of("SPOTWISE_CLUSTER_ID", "east"));
             Stack westStack = start(broker, Map.of("SPOTWISE_CLUSTER_ID", "west"))) {
            FleetChecks checks = new FleetChecks(broker.bootstrapServers(), east, west);
            runBoth(eastStack, westStack, checks);
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).as("each cluster has its own six topics, none of the default ones")
                        .containsAll(east.topics().all()).containsAll(west.topics().all())
                        .doesNotContainAnyElementsOf(Fleet.DEFAULT.topics().all());
            }
            checks.everyRecordNamesItsCluster(east);
            checks.everyRecordNamesItsCluster(west);
        }
    }

    @Test
    @DisplayName("two clusters misconfigured onto the same topic names: each ignores and counts the other's records; east's actions are never carried out in west")
    void sharedTopicNames() throws Exception {
        Fleet east = Fleet.of("east", "spotwise.shared.");
        Fleet west = Fleet.of("west", "spotwise.shared.");
        try (KafkaBroker broker = KafkaBroker.start();
             Stack eastStack = start(broker, Map.of("SPOTWISE_CLUSTER_ID", "east", "SPOTWISE_TOPIC_PREFIX", "spotwise.shared."));
             Stack westStack = start(broker, Map.of("SPOTWISE_CLUSTER_ID", "west", "SPOTWISE_TOPIC_PREFIX", "spotwise.shared."))) {
            FleetChecks checks = new FleetChecks(broker.bootstrapServers(), east, west);
            runBoth(eastStack, westStack, checks);
            String actions = east.topics().actions();
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(foreign(westStack.actuator().metrics(), actions)).as("west's actuator ignored east's actions").isPositive();
                assertThat(foreign(westStack.decider().metrics(), actions)).as("west's decider ignored east's actions").isPositive();
                assertThat(foreign(eastStack.decider().metrics(), east.topics().pods())).as("east's decider ignored west's pods").isPositive();
            });
            assertThat(westStack.actuator().logSince(0)).anySatisfy(line -> assertThat(line)
                    .contains("Ignoring records of cluster 'east'").contains("SPOTWISE_TOPIC_PREFIX"));
        }
    }

    /** East loses its spot capacity, west keeps it; both run Deployment shop/web, 10 replicas, 60 % spot. */
    private static void runBoth(Stack eastStack, Stack westStack, FleetChecks checks) {
        try (Scenario e = new Scenario(eastStack, "shop"); Scenario w = new Scenario(westStack, "shop")) {
            eastStack.sim().spotOutage();
            // each Deployment known to its cluster's Spotwise (its status written) before its pods are created: under
            // load a pod created before the workload's record reached the decider is admitted unchanged (on-demand),
            // and east would then have fewer than 6 spot pods to fall back
            e.deployment("web", 0, true, CONFIG);
            w.deployment("web", 0, true, CONFIG);
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(e.annotations("Deployment", "web")).containsKey(Scenario.KEYS.status());
                assertThat(w.annotations("Deployment", "web")).containsKey(Scenario.KEYS.status());
            });
            e.client().apps().deployments().inNamespace(e.namespace()).withName("web").scale(10);
            w.client().apps().deployments().inNamespace(w.namespace()).withName("web").scale(10);
            w.awaitSplit("Deployment/web", 6, 4, CONVERGE);
            await().atMost(CONVERGE).untilAsserted(() -> {
                assertThat(e.row("Deployment/web").onDemand()).isEqualTo(10);
                assertThat(e.row("Deployment/web").pending()).isZero();
                assertThat(e.total("SpotFallbackEviction")).isEqualTo(6);
            });
            assertThat(e.events("SpotSchedulingDisabled")).isNotEmpty();
            assertThat(w.events("SpotSchedulingDisabled")).as("east's DisableSpot was not carried out in west").isEmpty();
            assertThat(w.total("SpotFallbackEviction")).as("east's fallback evictions were not carried out in west").isZero();
            w.awaitSplit("Deployment/web", 6, 4, Duration.ofSeconds(5));
            await().atMost(CONVERGE).untilAsserted(checks::eastActionsAnsweredOnlyByEast);
        }
    }

    /** Compressed timings, but a 10-minute fallback window: east stays in fallback for the whole test. */
    private static Stack start(KafkaBroker broker, Map<String, String> env) throws IOException {
        StackSettings s = new StackSettings(Files.createTempDirectory("spotwise-fleet-"), 0, 0, 3, 3, 10, Duration.ofMillis(300),
                "6s", "10m", "2s", "1s", Map.copyOf(env));
        return Stack.start(s, StackKafka.on(broker));
    }

    /** The value of spotwise_foreign_records_total{topic=...} in a Prometheus scrape (0 when absent). */
    static double foreign(String scrape, String topic) {
        return scrape.lines().filter(l -> l.startsWith("spotwise_foreign_records_total{") && l.contains("topic=\"" + topic + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
