package io.spotwise.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.spotwise.contract.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The watcher's meters, named and described once. Prometheus names get the {@code _total} / {@code _seconds}
 * suffixes. Every counter is registered at 0 with each label value it can take, so {@code rate()} sees a series
 * before the first failure.
 */
public final class WatcherMetrics {

    /** Kinds the informers watch: the {@code kind} label of the informer counters. */
    public static final List<String> KINDS = List.of("Pod", "ReplicaSet", "Deployment", "StatefulSet", "Node");
    private static final List<String> EVENT_TYPES = List.of("add", "update", "delete");
    private static final List<String> TOPICS = List.of(Topics.WORKLOADS, Topics.PODS);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Counter resyncs;
    private final Timer changeToAck;

    public WatcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.resyncs = Counter.builder("spotwise.watcher.resyncs").description("full republications of the cached state").register(registry);
        this.changeToAck = Timer.builder("spotwise.watcher.change.to.ack")
                .description("time from a Kubernetes change seen by an informer to the broker's acknowledgement of its record")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(2))
                .register(registry);
        for (String topic : TOPICS) {
            published(topic, 0);
            sendFailed(topic, 0);
        }
        for (String kind : KINDS) {
            informerError(kind, 0);
            for (String type : EVENT_TYPES) {
                informerEvent(kind, type, 0);
            }
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void published(String topic) {
        published(topic, 1);
    }

    public void sendFailed(String topic) {
        sendFailed(topic, 1);
    }

    public void informerEvent(String kind, String type) {
        informerEvent(kind, type, 1);
    }

    public void informerError(String kind) {
        informerError(kind, 1);
    }

    public void resync() {
        resyncs.increment();
    }

    public void changeAcknowledged(long changeNanos) {
        changeToAck.record(Duration.ofNanos(System.nanoTime() - changeNanos));
    }

    /** Keys changed and not yet sent. */
    public <T> void pendingRecords(T source, ToDoubleFunction<T> size) {
        gauge("spotwise.watcher.pending.records", "keys changed and not yet sent", source, size);
    }

    /** Records whose send failed, waiting to be sent again. */
    public <T> void failedRecords(T source, ToDoubleFunction<T> size) {
        gauge("spotwise.watcher.failed.records", "records whose send failed, waiting to be sent again", source, size);
    }

    /** 1 on the replica that holds the Lease and publishes, 0 on a standby. */
    public <T> void leader(T source, ToDoubleFunction<T> leading) {
        gauge("spotwise.watcher.leader", "1 on the replica that holds the Lease and publishes, 0 on a standby", source, leading);
    }

    /** Objects in the informers' reduced cache, by {@code what}: pods, workloads, nodes. */
    public <T> void cached(String what, T source, ToDoubleFunction<T> count) {
        gauge("spotwise.watcher.cached." + what, what + " in the informers' reduced cache", source, count);
    }

    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private void published(String topic, double n) {
        counter("spotwise.watcher.records.published", "records acknowledged by the broker", "topic", topic).increment(n);
    }

    private void sendFailed(String topic, double n) {
        counter("spotwise.watcher.send.failures", "records the broker did not acknowledge (they are sent again)", "topic", topic).increment(n);
    }

    private void informerEvent(String kind, String type, double n) {
        counter("spotwise.watcher.informer.events", "informer notifications by kind and type", "kind", kind, "type", type).increment(n);
    }

    private void informerError(String kind, double n) {
        counter("spotwise.watcher.informer.errors", "list/watch failures (the informer retries)", "kind", kind).increment(n);
    }

    private <T> void gauge(String name, String description, T source, ToDoubleFunction<T> f) {
        Gauge.builder(name, source, f).description(description).strongReference(true).register(registry);
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
