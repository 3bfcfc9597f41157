package io.spotwise.watcher;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.kafka.FencedWriter;
import io.spotwise.watcher.publish.StatePublisher;
import io.spotwise.watcher.publish.StateTopics;
import io.spotwise.watcher.state.ClusterState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A publisher without informers or Lease, on a context of its own, as {@code Watcher} wires it: for tests and harnesses
 * that fill the cache themselves. {@link #lead()} does what the watcher does on winning the Lease.
 */
final class LonePublisher implements AutoCloseable {

    final WatcherContext context;
    final StatePublisher publisher;
    final WatcherMetrics metrics;
    private final FencedWriter writer;
    private final StateTopics topics;

    LonePublisher(Vertx vertx, WatcherConfig config, ClusterState state, int partitions, String clientId, Runnable onLost) throws Exception {
        this.context = await(WatcherContext.deploy(vertx));
        this.metrics = new WatcherMetrics(new SimpleMeterRegistry());
        this.writer = new FencedWriter(config.kafka(), StatePublisher.TRANSACTIONAL_ID, clientId, context.context(), onLost);
        this.publisher = new StatePublisher(context, state, writer, partitions, metrics, Duration.ofSeconds(30));
        this.topics = new StateTopics(vertx, config.kafka(), clientId);
    }

    /** Fence every earlier writer, read the keys back, publish the full state; returns once publishing started. */
    void lead() throws Exception {
        await(context.call(() -> {}).compose(v -> publisher.open()).compose(v -> topics.scan(Duration.ofSeconds(30)))
                .compose(scan -> context.call(() -> publisher.lead(scan))));
    }

    /** Runs {@code work} on the publisher's context and waits for it. */
    void onContext(Runnable work) throws Exception {
        await(context.call(work));
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        writer.close();
    }
}
