package io.spotwise.watcher;

import io.spotwise.common.config.CommonKeys;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.contract.topic.Topics;
import io.spotwise.common.leader.LeaseLeadership;
import io.spotwise.watcher.informer.ClusterInformers;
import io.spotwise.common.k8s.NamespaceFilter;
import io.spotwise.watcher.publish.StatePublisher;
import io.spotwise.watcher.publish.StateTopics;
import io.spotwise.watcher.state.ClusterState;
import io.spotwise.watcher.state.DisruptionTaints;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running watcher: informers fill the cache on every replica (warm standby); the Lease leader reads the keys in
 * the state topics, publishes the full state (tombstoning what no longer exists) and then every change.
 */
public final class Watcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);

    private final WatcherConfig config;
    private final ClusterState state = new ClusterState();
    private final StatePublisher publisher;
    private final ClusterInformers informers;
    private final StateTopics topics;
    private final LeaseLeadership leadership;
    private final WatcherMetrics metrics;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "watcher-scheduler");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean elected;
    private volatile boolean closed;

    /** @param producers makes this replica's transactional producer, a fresh one for every leadership */
    public Watcher(WatcherConfig config, KubernetesClient client, Supplier<Producer<String, byte[]>> producers, int partitions,
                   WatcherMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.publisher = new StatePublisher(state, producers, partitions, metrics, config.get(WatcherConfig.SEND_STALL_TIMEOUT), config.fleet());
        this.informers = new ClusterInformers(client, NamespaceFilter.of(config.get(WatcherConfig.NAMESPACES_INCLUDE), config.get(WatcherConfig.NAMESPACES_EXCLUDE)),
                config.spotwiseKeys(), new DisruptionTaints(config.get(WatcherConfig.DISRUPTION_TAINTS)), state, publisher, metrics);
        this.topics = new StateTopics(config.kafka(), "spotwise-watcher-" + config.instance(), config.fleet(), metrics.registry());
        this.leadership = config.get(WatcherConfig.LEADER_ELECTION)
                ? new LeaseLeadership(client, config.get(CommonKeys.NAMESPACE), config.get(WatcherConfig.LEASE_NAME), config.instance(), config.get(WatcherConfig.LEASE_DURATION),
                        () -> scheduler.execute(this::takeOver), () -> scheduler.execute(this::stepDown))
                : null;
        metrics.cached("pods", state, ClusterState::podCount);
        metrics.cached("workloads", state, ClusterState::workloadCount);
        metrics.cached("nodes", state, ClusterState::nodeCount);
    }

    /** Starts informers; once they synced, joins the leader election (or leads at once without one). */
    public CompletableFuture<Void> start() {
        publisher.start();
        publisher.onRecovered(() -> scheduler.execute(publisher::publishAll));
        publisher.onProducerLost(() -> scheduler.execute(this::producerLost));
        long resync = config.get(WatcherConfig.RESYNC_PERIOD).toMillis();
        scheduler.scheduleAtFixedRate(this::resync, resync, resync, TimeUnit.MILLISECONDS);
        long retry = config.get(WatcherConfig.SEND_RETRY_BACKOFF).toMillis();
        scheduler.scheduleWithFixedDelay(publisher::retryFailed, retry, retry, TimeUnit.MILLISECONDS);
        return informers.start().thenRun(() -> {
            LOG.info("Informers synced: {} pods, {} workloads, {} nodes cached", state.podCount(), state.workloadCount(), state.nodeCount());
            if (leadership != null) {
                leadership.start();
            } else {
                scheduler.execute(this::takeOver);
            }
        });
    }

    /** Readiness checks for /readyz: informers synced and the producer getting acknowledgements. */
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

    public ClusterState state() {
        return state;
    }

    public WatcherMetrics metrics() {
        return metrics;
    }

    private void takeOver() {
        if (closed) {
            return;
        }
        elected = true;
        try {
            publisher.open();
            publisher.lead(topics.scan(Topics.PODS, config.get(CommonKeys.START_TIMEOUT)), topics.scan(Topics.WORKLOADS, config.get(CommonKeys.START_TIMEOUT)));
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the state topics to take over ({}); retrying in {}", e.toString(), config.get(WatcherConfig.SEND_RETRY_BACKOFF));
            scheduler.schedule(() -> {
                if (elected) {
                    takeOver();
                }
            }, config.get(WatcherConfig.SEND_RETRY_BACKOFF).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The producer was fenced (a newer leader opened its own) or broke. With leader election, step down and contend
     * again: only a replica that wins the Lease again opens a new producer, so a deposed replica never fences its
     * successor. Without leader election this is the only writer: open a new producer after the retry back-off.
     */
    private void producerLost() {
        if (closed) {
            return;
        }
        if (leadership != null) {
            stepDown();
            leadership.stepDown();
        } else {
            scheduler.schedule(this::takeOver, config.get(WatcherConfig.SEND_RETRY_BACKOFF).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void stepDown() {
        elected = false;
        publisher.standBy();
        if (!closed && leadership != null) {
            LOG.info("Standing by: caches stay warm, publishing stops; the Lease is contested again");
        }
    }

    private void resync() {
        if (publisher.isLeading()) {
            metrics.resync();
            int n = publisher.publishAll();
            LOG.debug("Periodic resync: {} keys queued", n);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (leadership != null) {
            leadership.close();
        }
        publisher.standBy();
        scheduler.shutdownNow();
        informers.close();
        publisher.close();
    }
}
