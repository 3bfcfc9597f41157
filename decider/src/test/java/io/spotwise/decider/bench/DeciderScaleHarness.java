package io.spotwise.decider.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.TopicBootstrap;
import io.spotwise.contract.topic.Topics;
import io.spotwise.decider.policy.ControlLoop;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.state.DeadLetterDesk;
import io.spotwise.decider.state.StateContext;
import io.spotwise.decider.state.StateFeed;
import io.spotwise.decider.state.StateRecords;
import io.spotwise.decider.support.StateTopics;
import io.spotwise.kafka.local.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cost growth of the decider's state with the cluster's size, on {@link RealisticCluster} (realistic long names and
 * UIDs): retained heap per pod, one leader tick over the whole state, and the rebuild from a real broker (6
 * partitions). One size per JVM, so the heap figure is clean. Not a test; docs/benchmarks.md has the command.
 * Arguments: pods (default 150000), then {@code norebuild} to skip the broker or {@code rebuildonly} for the rebuild alone.
 */
public final class DeciderScaleHarness {

    private static final Logger LOG = LoggerFactory.getLogger(DeciderScaleHarness.class);

    private DeciderScaleHarness() {
    }

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 150_000;
        boolean rebuild = args.length < 2 || !args[1].equals("norebuild");
        if (args.length > 1 && args[1].equals("rebuildonly")) {
            rebuild(pods);
            System.exit(0);
        }
        Result r = stateAndTick(pods, 50);
        LOG.info("RESULT scale {} pods: memory {} B per pod ({} MiB for {} pods and {} workloads)", r.pods(), r.bytes() / r.pods(),
                r.bytes() >> 20, r.pods(), pods / RealisticCluster.PODS_PER_WORKLOAD);
        LOG.info("RESULT scale {} pods: tick {} ms ({} actions)", r.pods(), String.format("%.2f", r.tickNanos() / 1e6), r.actions());
        if (rebuild) {
            rebuild(pods);
        }
        System.exit(0);
    }

    /** Retained heap of the state, the pods it holds, one tick's average time and the actions all ticks emitted. */
    record Result(long bytes, int pods, long tickNanos, int actions) {
    }

    static Result stateAndTick(int podCount, int ticks) {
        long before = usedAfterGc();
        SpotState state = new SpotState(PolicySettings.DEFAULTS);
        RealisticCluster.forEach(podCount, state::apply, state::apply);
        long bytes = usedAfterGc() - before;
        Instant now = Instant.parse("2026-01-01T02:00:00Z");
        state.markRebuilt(now.minusSeconds(3600));
        ControlLoop loop = new ControlLoop(() -> UUID.randomUUID().toString());
        int actions = 0;
        for (int i = 0; i < 20; i++) { // warm-up
            actions += loop.tick(state, now.plusSeconds(i)).size();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < ticks; i++) {
            actions += loop.tick(state, now.plusSeconds(100 + i)).size();
        }
        return new Result(bytes, state.podCount(), (System.nanoTime() - t0) / ticks, actions);
    }

    private static void rebuild(int podCount) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            Map<String, String> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "bench"))) {
                TopicBootstrap.ensure(admin, Topics.all(6, (short) 1, Duration.ofDays(1)), true, 30_000);
            }
            try (StateTopics topics = new StateTopics(broker.bootstrapServers(), 6)) {
                RealisticCluster.forEach(podCount, topics::send, topics::send);
                topics.flush();
            }
            Vertx vertx = Vertx.vertx();
            StateContext state = StateContext.create(vertx, new SpotState(PolicySettings.DEFAULTS)).toCompletionStage().toCompletableFuture().get();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StateRecords records = new StateRecords(new DeadLetterDesk(vertx, () -> null), Clock.systemUTC(), registry, a -> {}, o -> {},
                    Duration.ofMinutes(20));
            StateFeed feed = new StateFeed(vertx, state, records, KafkaClients.consumerConfig(kafka, null, "bench-rebuild"),
                    KafkaAdminClient.create(vertx, kafka), Duration.ofMinutes(15), Long.MAX_VALUE, Clock.systemUTC(), registry);
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            feed.start().toCompletionStage().toCompletableFuture().get();
            Awaitility.await().atMost(Duration.ofMinutes(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20)).until(feed::isReady);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long cpuMs = (processCpuNanos() - cpu0) / 1_000_000;
            int pods = state.call(SpotState::podCount).toCompletionStage().toCompletableFuture().get();
            int workloads = podCount / RealisticCluster.PODS_PER_WORKLOAD;
            LOG.info("RESULT scale {} pods: rebuild {} ms ({} pods and {} workloads from the topics, {} records/s; {} ms CPU in this JVM)",
                    pods, ms, pods, workloads, (workloads + pods) * 1000L / Math.max(1, ms), cpuMs);
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** CPU time of this JVM (all threads, GC included; not the broker's): what the rebuild costs whatever the load. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
