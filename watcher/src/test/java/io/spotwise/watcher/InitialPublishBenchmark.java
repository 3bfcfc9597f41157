package io.spotwise.watcher;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.RevisionLabels;
import io.spotwise.contract.topic.Topics;
import io.spotwise.kafka.local.KafkaBroker;
import io.spotwise.watcher.state.ClusterState;
import io.spotwise.watcher.state.DisruptionTaints;
import io.spotwise.watcher.state.NodeFacts;
import io.spotwise.watcher.state.PodFacts;
import io.spotwise.watcher.state.ReplicaSetFacts;
import io.spotwise.watcher.state.WorkloadFacts;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harness (not a test, not run by verify): initial publication of N pods (default 150,000) to a real broker, fed
 * through the same fact extraction, cache and publisher the informers use (the mock API server cannot serve 150k pods
 * quickly). Reports cache heap, informer-store heap, time and records/s. See docs/benchmarks.md for the command.
 */
public final class InitialPublishBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(InitialPublishBenchmark.class);

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 150_000;
        int podsPerDeployment = 30;
        int deployments = pods / podsPerDeployment;
        int nodes = 1_000;
        SpotwiseKeys keys = SpotwiseKeys.DEFAULT;
        ClusterState state = new ClusterState();
        ReducedStateItemStore<Pod> informerStore = new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Pod.class,
                new KubernetesSerialization());

        long heapBefore = usedHeap();
        DisruptionTaints taints = new DisruptionTaints(List.of("cordoned"));
        for (int n = 0; n < nodes; n++) {
            state.putNode(NodeFacts.of(ClusterObjects.node("node-" + n, n % 2 == 0 ? "interruptible" : null), keys, taints));
        }
        for (int d = 0; d < deployments; d++) {
            String ns = "team-" + (d % 200);
            String name = "app-" + d;
            state.putWorkload(WorkloadFacts.of(ClusterObjects.deployment(ns, name, Map.of("spotwise.io/spot-enabled", "true"), Map.of(), podsPerDeployment), keys));
            state.putReplicaSet(ReplicaSetFacts.of(ClusterObjects.replicaSet(ns, name + "-7d9f8c6b5", name)));
            for (int i = 0; i < podsPerDeployment; i++) {
                Pod pod = ClusterObjects.pod(ns, name + "-7d9f8c6b5-" + Integer.toString(i * 7919 + d, 36), "ReplicaSet", name + "-7d9f8c6b5",
                        Map.of("app", name, RevisionLabels.POD_TEMPLATE_HASH, "7d9f8c6b5"), "node-" + ((d * podsPerDeployment + i) % nodes));
                pod.getMetadata().setUid(java.util.UUID.randomUUID().toString());
                pod.getMetadata().setResourceVersion(Long.toString(1_000_000L + d * podsPerDeployment + i));
                pod.getMetadata().setCreationTimestamp("2026-06-25T10:15:30Z");
                state.putPod(PodFacts.of(pod, keys));
                informerStore.put(informerStore.getKey(pod), pod);
            }
        }
        long heapAfter = usedHeap();
        LOG.info("Cached {} pods, {} deployments, {} nodes: cache + informer stores use {} MB of heap ({} bytes per pod); max heap {} MB",
                state.podCount(), state.workloadCount(), state.nodeCount(), (heapAfter - heapBefore) >> 20,
                (heapAfter - heapBefore) / pods, Runtime.getRuntime().maxMemory() >> 20);

        try (KafkaBroker broker = KafkaBroker.start()) {
            WatcherConfig config = WatcherConfig.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "SPOTWISE_TOPIC_PARTITIONS", "6"));
            int partitions = Main.ensureTopics(config);
            Vertx vertx = Vertx.vertx();
            try (LonePublisher lone = new LonePublisher(vertx, config, state, partitions, "bench", () -> LOG.error("The bench producer was fenced"))) {
                WatcherMetrics metrics = lone.metrics;
                long start = System.nanoTime();
                lone.lead();
                long expected = state.podCount() + state.workloadCount();
                Awaitility.await().atMost(Duration.ofMinutes(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                        .until(() -> metrics.count("spotwise.watcher.records.published", "topic", Topics.PODS)
                                + metrics.count("spotwise.watcher.records.published", "topic", Topics.WORKLOADS) >= expected);
                double seconds = (System.nanoTime() - start) / 1e9;
                LOG.info("Initial publish of {} records (acknowledged, acks=all): {} s, {} records/s; heap used now {} MB",
                        expected, String.format("%.2f", seconds), Math.round(expected / seconds), usedHeap() >> 20);
            } finally {
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
