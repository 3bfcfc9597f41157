package io.spotwise.watcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.k8s.NamespaceFilter;
import io.spotwise.common.kafka.FencedWriter;
import io.spotwise.common.leader.LeaseLeadership;
import io.spotwise.watcher.informer.ClusterInformers;
import io.spotwise.watcher.publish.StatePublisher;
import io.spotwise.watcher.publish.StateTopics;
import io.spotwise.watcher.state.ClusterState;
import io.spotwise.watcher.state.DisruptionTaints;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running watcher: informers fill the cache on every replica (warm standby); the Lease leader fences earlier
 * leaders, reads the keys in the state topics, publishes the full state (tombstoning what no longer exists) and then
 * every change. All of it runs on one Vert.x context ({@link WatcherContext}); Lease callbacks hop onto it, periodic
 * work is Vert.x timers, and only the fenced writer's blocking producer calls run on its own thread.
 */
public final class Watcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);

    private final WatcherConfig config;
    private final WatcherContext context;
    private final Vertx vertx;
    private final ClusterState state = new ClusterState();
    private final FencedWriter writer;
    private final StatePublisher publisher;
    private final ClusterInformers informers;
    private final LeaseLeadership leadership;
    private final WatcherMetrics metrics;
    private final Takeover takeover;
    private boolean closed;

    private Watcher(WatcherContext context, WatcherConfig config, KubernetesClient client, int partitions, WatcherMetrics metrics) {
        this.config = config;
        this.context = context;
        this.vertx = context.vertx();
        this.metrics = metrics;
        String clientId = "spotwise-watcher-" + config.instance();
        this.writer = new FencedWriter(config.kafka(), config.fleet().kafkaId("watcher"), clientId, context.context(), this::producerLost);
        this.publisher = new StatePublisher(context, state, writer, partitions, metrics, config.get(WatcherConfig.SEND_STALL_TIMEOUT),
                config.fleet());
        this.informers = new ClusterInformers(context, client, NamespaceFilter.of(config.get(WatcherConfig.NAMESPACES_INCLUDE),
                config.get(WatcherConfig.NAMESPACES_EXCLUDE)), config.spotwiseKeys(),
                new DisruptionTaints(config.get(WatcherConfig.DISRUPTION_TAINTS)), state, publisher, metrics);
        this.takeover = new Takeover(vertx, publisher, new StateTopics(vertx, config.kafka(), clientId, config.fleet(), metrics.registry()), config.get(CommonKeys.START_TIMEOUT),
                config.get(WatcherConfig.SEND_RETRY_BACKOFF));
        this.leadership = config.get(WatcherConfig.LEADER_ELECTION)
                ? new LeaseLeadership(client, config.get(CommonKeys.NAMESPACE), config.get(WatcherConfig.LEASE_NAME), config.instance(),
                        config.get(WatcherConfig.LEASE_DURATION), () -> context.run("Lease won", takeover::takeOver),
                        () -> context.run("Lease lost", takeover::stepDown))
                : null;
        takeover.electedBy(leadership);
        metrics.cached("pods", state, ClusterState::podCount);
        metrics.cached("workloads", state, ClusterState::workloadCount);
        metrics.cached("nodes", state, ClusterState::nodeCount);
    }

    /** A watcher on a fresh context of its own; {@link #start()} it. */
    public static Future<Watcher> create(Vertx vertx, WatcherConfig config, KubernetesClient client, int partitions, WatcherMetrics metrics) {
        return WatcherContext.deploy(vertx).map(context -> new Watcher(context, config, client, partitions, metrics));
    }

    /** Starts the informers and the timers; once the informers synced, joins the election (or leads at once). */
    public Future<Void> start() {
        Promise<Void> synced = Promise.promise();
        context.run("Watcher start", () -> {
            publisher.onRecovered(publisher::publishAll);
            long resync = config.get(WatcherConfig.RESYNC_PERIOD).toMillis();
            vertx.setPeriodic(resync, id -> resync());
            vertx.setPeriodic(config.get(WatcherConfig.SEND_RETRY_BACKOFF).toMillis(), id -> publisher.retryFailed());
            informers.start().whenComplete((v, e) -> context.run("Informers synced", () -> {
                if (e != null) {
                    synced.fail(e);
                    return;
                }
                LOG.info("Informers synced: {} pods, {} workloads, {} nodes cached", state.podCount(), state.workloadCount(), state.nodeCount());
                if (leadership != null && !closed) {
                    leadership.start();
                } else {
                    takeover.takeOver();
                }
                synced.complete();
            }));
        });
        return synced.future();
    }

    /** Readiness checks for /readyz: informers synced and the producer committing. Safe from any thread. */
    public Map<String, Supplier<Boolean>> readiness() {
        Map<String, Supplier<Boolean>> checks = new LinkedHashMap<>();
        checks.put("informers synced", informers::synced);
        checks.put("kafka acknowledges records", publisher::healthy);
        return checks;
    }

    public boolean ready() {
        return readiness().values().stream().allMatch(Supplier::get);
    }

    public boolean isLeading() {
        return publisher.isLeading();
    }

    /** The cache; only its counts may be read off the watcher's context. */
    public ClusterState state() {
        return state;
    }

    public WatcherMetrics metrics() {
        return metrics;
    }

    /** The writer was fenced or broke (told on the context). */
    private void producerLost() {
        takeover.producerLost();
    }

    private void resync() {
        if (publisher.isLeading()) {
            metrics.resync();
            LOG.debug("Periodic resync: {} keys queued", publisher.publishAll());
        }
    }

    /** Stops in order: publishing (and the timers), the Lease, the informers, then the writer's producer. Blocking. */
    @Override
    public void close() {
        await(context.call(() -> {
            closed = true;
            takeover.close();
        }));
        if (leadership != null) {
            leadership.close();
        }
        informers.close();
        writer.close();
        await(vertx.undeploy(context.context().deploymentID())); // cancels the timers set on the context
    }

    private void await(Future<?> step) {
        try {
            step.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Stopping the watcher: {}", e.toString());
        }
    }
}
