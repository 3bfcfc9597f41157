package io.spotwise.watcher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The watcher's meters, named once. Prometheus names get the {@code _total} / {@code _seconds} suffixes. */
public final class WatcherMetrics {

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
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void published(String topic) {
        counter("spotwise.watcher.records.published", "records acknowledged by the broker", "topic", topic).increment();
    }

    public void sendFailed(String topic) {
        counter("spotwise.watcher.send.failures", "records the broker did not acknowledge (they are sent again)", "topic", topic).increment();
    }

    public void informerEvent(String kind, String type) {
        counter("spotwise.watcher.informer.events", "informer notifications by kind and type", "kind", kind, "type", type).increment();
    }

    public void informerError(String kind) {
        counter("spotwise.watcher.informer.errors", "list/watch failures (the informer retries)", "kind", kind).increment();
    }

    public void resync() {
        resyncs.increment();
    }

    public void changeAcknowledged(long changeNanos) {
        changeToAck.record(Duration.ofNanos(System.nanoTime() - changeNanos));
    }

    public double count(String name, String... tags) {
        Counter c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private Counter counter(String name, String description, String... tags) {
        return counters.computeIfAbsent(name + String.join(",", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
