package io.spotwise.decider.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.common.kafka.DeadLetters;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.TopicBootstrap;
import io.spotwise.contract.topic.Topics;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.state.StateContext;
import io.spotwise.decider.state.StateFeed;
import io.spotwise.decider.state.StateRecords;
import io.spotwise.decider.support.Reviews;
import io.spotwise.decider.support.StateTopics;
import io.spotwise.decider.support.WebhookClient;
import io.spotwise.decider.webhook.PolicyAdmissionDecider;
import io.spotwise.decider.webhook.WebhookServer;
import io.spotwise.decider.webhook.WebhookTls;
import io.spotwise.kafka.local.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Benchmarks that need more than JMH: memory per pod, webhook latency under 500 concurrent requests, and the rebuild
 * of 150k pods from a real broker. Not run by {@code verify}; see docs/benchmarks.md for the command.
 */
public final class DeciderBenchmarkHarness {

    private static final Logger LOG = LoggerFactory.getLogger(DeciderBenchmarkHarness.class);
    private static final int WORKLOADS = 10_000;
    private static final int PODS = 15;

    private DeciderBenchmarkHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 ? List.of("memory", "webhook", "rebuild") : Arrays.asList(args);
        if (which.contains("memory")) {
            memory();
        }
        if (which.contains("webhook")) {
            webhook();
        }
        if (which.contains("rebuild")) {
            rebuild();
        }
        System.exit(0);
    }

    static void memory() {
        long before = usedAfterGc();
        SpotState state = new SpotState(PolicySettings.DEFAULTS);
        ClusterFixture.fill(state, WORKLOADS, PODS);
        long after = usedAfterGc();
        LOG.info("RESULT memory: {} pods, {} workloads: {} MiB of state, {} B per pod (workload and owner-set overhead included)",
                state.podCount(), WORKLOADS, (after - before) >> 20, (after - before) / state.podCount());
    }

    static void webhook() throws Exception {
        Vertx vertx = Vertx.vertx();
        SpotState spot = new SpotState(PolicySettings.DEFAULTS);
        ClusterFixture.fill(spot, WORKLOADS, PODS);
        StateContext state = StateContext.create(vertx, spot).toCompletionStage().toCompletableFuture().get();
        WebhookTls.Material tls = WebhookTls.selfSigned(List.of("localhost"));
        WebhookServer server = new WebhookServer(vertx, new PolicyAdmissionDecider(state, new PlacementPolicy(), SpotwiseKeys.DEFAULT,
                () -> true, Clock.systemUTC()), Duration.ofMillis(1500), 3 * 1024 * 1024, new SimpleMeterRegistry());
        int port = server.start(tls, 0).toCompletionStage().toCompletableFuture().get();
        WebhookClient client = new WebhookClient(tls.certificatePem(), port);
        for (int round = 0; round < 2; round++) { // the first round warms up
            int total = 20_000;
            int concurrency = 500;
            long[] latencies = new long[total];
            Semaphore inFlight = new Semaphore(concurrency);
            java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
            CompletableFuture<?>[] all = new CompletableFuture<?>[total];
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                String body = Reviews.podCreate("uid-" + i, ClusterFixture.workload(i % WORKLOADS).namespace(),
                        ClusterFixture.workload(i % WORKLOADS).name());
                inFlight.acquire();
                long t0 = System.nanoTime();
                int n = i;
                all[i] = client.http().sendAsync(HttpRequest.newBuilder(client.uri()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
                            latencies[n] = System.nanoTime() - t0;
                            if (e != null || r.statusCode() != 200 || !r.body().contains("JSONPatch")) {
                                failed.incrementAndGet();
                            }
                            inFlight.release();
                            return null;
                        });
            }
            CompletableFuture.allOf(all).get(5, TimeUnit.MINUTES);
            long wall = System.nanoTime() - start;
            Arrays.sort(latencies);
            LOG.info("RESULT webhook{}: {} requests ({} not answered with a patch), {} concurrent: p50 {} ms, p99 {} ms, max {} ms, {} req/s",
                    round == 0 ? " (warm-up)" : "", total, failed.get(), concurrency, ms(latencies[total / 2]), ms(latencies[total * 99 / 100]), ms(latencies[total - 1]),
                    total * 1_000_000_000L / wall);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    static void rebuild() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            Map<String, String> kafka = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(KafkaClients.adminConfig(kafka, "bench"))) {
                TopicBootstrap.ensure(admin, Topics.all(6, (short) 1, Duration.ofDays(1)), true, 30_000);
            }
            long w0 = System.nanoTime();
            try (StateTopics topics = new StateTopics(broker.bootstrapServers(), 6)) {
                ClusterFixture.forEach(WORKLOADS, PODS, topics::send, topics::send);
                topics.flush();
            }
            LOG.info("wrote {} workloads and {} pods in {} ms", WORKLOADS, WORKLOADS * PODS, (System.nanoTime() - w0) / 1_000_000);
            Vertx vertx = Vertx.vertx();
            StateContext state = StateContext.create(vertx, new SpotState(PolicySettings.DEFAULTS)).toCompletionStage().toCompletableFuture().get();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            StateRecords records = new StateRecords(new io.spotwise.decider.state.DeadLetterDesk(vertx, () -> null), Clock.systemUTC(), registry,
                    a -> {}, o -> {},
                    java.time.Duration.ofMinutes(20));
            StateFeed feed = new StateFeed(vertx, state, records, KafkaClients.consumerConfig(kafka, null, "bench-rebuild"),
                    KafkaAdminClient.create(vertx, kafka), Duration.ofMinutes(15), Long.MAX_VALUE, Clock.systemUTC(), registry);
            long t0 = System.nanoTime();
            feed.start().toCompletionStage().toCompletableFuture().get();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(10)).pollDelay(java.time.Duration.ZERO)
                    .pollInterval(java.time.Duration.ofMillis(20)).until(feed::isReady);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int pods = state.call(SpotState::podCount).toCompletionStage().toCompletableFuture().get();
            LOG.info("RESULT rebuild: {} pods and {} workloads from the topics in {} ms ({} records/s)", pods, WORKLOADS, ms,
                    (WORKLOADS + pods) * 1000L / Math.max(1, ms));
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static String ms(long nanos) {
        return String.format("%.2f", nanos / 1e6);
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
