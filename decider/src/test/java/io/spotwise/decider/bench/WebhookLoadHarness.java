package io.spotwise.decider.bench;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.state.StateContext;
import io.spotwise.decider.support.Reviews;
import io.spotwise.decider.webhook.PolicyAdmissionDecider;
import io.spotwise.decider.webhook.WebhookServer;
import io.spotwise.decider.webhook.WebhookTls;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook under h2load (HTTP/2 over TLS, N streams in flight) against a decider holding {@code ClusterFixture}'s
 * 150k pods. As Go's HTTP/2 client (the API server's) does, the streams go over as many connections as the server's
 * limit of streams per connection asks for (one h2load per connection). Reports h2load's client-side figures and the
 * server-side p50/p99 read from the webhook's own histograms (buckets of 100 µs up to 1 ms): from a request's headers
 * (its latency) and from its last byte (its processing). Not a test; docs/benchmarks.md has the command.
 * Arguments: requests per run (default 20000), runs per concurrency (default 3), then the concurrencies (1 10 100 500).
 * System properties: {@code webhook.http2Window} (bytes, as SPOTWISE_WEBHOOK_HTTP2_WINDOW_BYTES),
 * {@code webhook.http2MaxStreams} (as SPOTWISE_WEBHOOK_HTTP2_MAX_STREAMS) and {@code webhook.deployments} (default 1:
 * every request for one Deployment, the worst case for its owner's monitor; N: N Deployments, at least one connection
 * each, sharing the requests and the streams in flight).
 */
public final class WebhookLoadHarness {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookLoadHarness.class);

    private WebhookLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Integer> inFlight = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            inFlight.add(Integer.parseInt(args[i]));
        }
        if (inFlight.isEmpty()) {
            inFlight.addAll(List.of(1, 10, 100, 500));
        }
        Vertx vertx = Vertx.vertx();
        SpotState spot = new SpotState(PolicySettings.DEFAULTS);
        ClusterFixture.fill(spot, 10_000, 15);
        StateContext state = StateContext.create(vertx, spot).toCompletionStage().toCompletableFuture().get();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterFilter() { // cumulative: the default histogram forgets after 2 minutes
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return DistributionStatisticConfig.builder().expiry(Duration.ofDays(1)).bufferLength(1).build().merge(config);
            }
        });
        WebhookServer server = new WebhookServer(vertx, new PolicyAdmissionDecider(state, new PlacementPolicy(), SpotwiseKeys.DEFAULT,
                () -> true, Clock.systemUTC()), Duration.ofMillis(1500), 3 * 1024 * 1024, registry);
        int window = Integer.getInteger("webhook.http2Window", WebhookServer.DEFAULT_HTTP2_WINDOW_BYTES); // SPOTWISE_WEBHOOK_HTTP2_WINDOW_BYTES
        int maxStreams = Integer.getInteger("webhook.http2MaxStreams", WebhookServer.DEFAULT_HTTP2_MAX_STREAMS); // SPOTWISE_WEBHOOK_HTTP2_MAX_STREAMS
        int port = server.start(WebhookTls.selfSigned(List.of("localhost")), 0, window, maxStreams).toCompletionStage().toCompletableFuture().get();
        LOG.info("RESULT webhook HTTP/2 window {} bytes, at most {} streams per connection", window, maxStreams);
        int deployments = Integer.getInteger("webhook.deployments", 1);
        List<Path> bodies = new ArrayList<>();
        for (int d = 0; d < deployments; d++) {
            Path body = Files.createTempFile("review", ".json");
            Files.writeString(body, Reviews.podCreate("6a1f0c52-3b7e-4d19-9c0e-5f2a8b7d4e3" + d, ClusterFixture.workload(7 + 997 * d).namespace(),
                    ClusterFixture.workload(7 + 997 * d).name()));
            bodies.add(body);
        }
        LOG.info("RESULT webhook mix: {} Deployment(s), at least one HTTP/2 connection each, the streams in flight shared between them",
                deployments);
        Timer latency = registry.get("spotwise.decider.webhook.latency").timer();
        Timer processing = registry.get("spotwise.decider.webhook.processing").timer();
        h2load(port, bodies, requests, 100, maxStreams); // warm-up: JIT and TLS
        JvmPauses jvm = new JvmPauses();
        for (int n : inFlight) {
            for (int run = 1; run <= runs; run++) {
                CountAtBucket[] before = latency.takeSnapshot().histogramCounts();
                CountAtBucket[] processingBefore = processing.takeSnapshot().histogramCounts();
                long count = latency.count();
                jvm.reset();
                String client = h2load(port, bodies, requests, n, maxStreams);
                CountAtBucket[] after = latency.takeSnapshot().histogramCounts();
                CountAtBucket[] processingAfter = processing.takeSnapshot().histogramCounts();
                long answered = latency.count() - count;
                LOG.info("RESULT webhook {} in flight, run {}: server-side p50 ≤ {} ms, p99 ≤ {} ms from the headers, p50 ≤ {} ms, p99 ≤ {} ms "
                        + "from the last byte ({} answers); {}; h2load: {}", n, run, quantile(before, after, answered, 0.50),
                        quantile(before, after, answered, 0.99), quantile(processingBefore, processingAfter, answered, 0.50),
                        quantile(processingBefore, processingAfter, answered, 0.99), answered, jvm.since(answered), client);
            }
        }
        for (Path body : bodies) {
            Files.deleteIfExists(body);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
        System.exit(0);
    }

    /** The upper bound of the bucket holding quantile q of the {@code answered} requests between the two snapshots. */
    static String quantile(CountAtBucket[] before, CountAtBucket[] after, long answered, double q) {
        double wanted = q * answered;
        for (int i = 0; i < after.length; i++) {
            if (after[i].count() - before[i].count() >= wanted) {
                return String.format("%.1f", after[i].bucket(TimeUnit.MILLISECONDS));
            }
        }
        return "> " + String.format("%.0f", after[after.length - 1].bucket(TimeUnit.MILLISECONDS));
    }

    /**
     * One h2load per body (one Deployment each), all at once, each on one connection with its share of the requests
     * and of the streams in flight; their summaries joined.
     */
    private static String h2load(int port, List<Path> bodies, int requests, int inFlight, int maxStreams) throws Exception {
        // as Go's HTTP/2 client (the API server's) does: another connection once one has the server's limit of streams
        int connections = Math.max(bodies.size(), (inFlight + maxStreams - 1) / maxStreams);
        List<Process> running = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            running.add(new ProcessBuilder("h2load", "-n", String.valueOf(requests / connections), "-c", "1", "-m",
                    String.valueOf(Math.max(1, inFlight / connections)), "-H", "content-type: application/json", "-d",
                    bodies.get(c % bodies.size()).toString(), "https://127.0.0.1:" + port + WebhookServer.PATH).redirectErrorStream(true).start());
        }
        StringBuilder joined = new StringBuilder();
        for (Process p : running) {
            joined.append(summary(new String(p.getInputStream().readAllBytes())));
            p.waitFor();
        }
        return joined.toString();
    }

    private static String summary(String out) {
        StringBuilder summary = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("finished in") || line.startsWith("requests:") || line.startsWith("time for request:")) {
                summary.append(line.trim().replaceAll("\\s+", " ")).append("; ");
            }
        }
        return summary.toString();
    }
}
