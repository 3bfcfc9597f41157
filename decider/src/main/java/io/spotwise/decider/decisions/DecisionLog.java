package io.spotwise.decider.decisions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.contract.Decision;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes admission decisions to {@code spotwise.decisions} without ever slowing the webhook: {@link #record} only
 * offers to a bounded queue (a full queue drops the decision and counts it); one thread of its own drains the queue
 * into an idempotent producer. Not transactional: every replica's webhook decides, not only the leader.
 */
public final class DecisionLog implements DecisionSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    private static final Decision STOP = null;

    private final BlockingQueue<Decision> queue;
    private final Producer<String, byte[]> producer;
    private final Thread sender;
    private final Counter recorded;
    private final Counter queueFull;
    private final Counter sendFailed;
    private final Fleet fleet;
    private volatile boolean closed;

    public DecisionLog(Map<String, String> kafka, String clientId, Fleet fleet, int capacity, MeterRegistry registry) {
        this(new KafkaProducer<>(castToObjects(KafkaClients.producerConfig(kafka, clientId))), fleet, capacity, registry);
    }

    DecisionLog(Producer<String, byte[]> producer, Fleet fleet, int capacity, MeterRegistry registry) {
        this.fleet = fleet;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.producer = producer;
        this.recorded = Counter.builder("spotwise_decider_decisions_recorded_total")
                .description("admission decisions written to spotwise.decisions").register(registry);
        this.queueFull = dropped(registry, "queue-full");
        this.sendFailed = dropped(registry, "send-failed");
        this.sender = new Thread(this::drain, "spotwise-decision-log");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("spotwise_decider_decisions_dropped_total").tag("reason", reason)
                .description("admission decisions not written to spotwise.decisions (the webhook never waits for it)")
                .register(registry);
    }

    @Override
    public void record(Decision decision) {
        if (closed || !queue.offer(decision)) {
            queueFull.increment();
        }
    }

    private void drain() {
        try {
            while (!closed || !queue.isEmpty()) {
                Decision d = queue.poll(200, TimeUnit.MILLISECONDS);
                if (d != STOP) {
                    send(d);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send(Decision d) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(fleet.topics().decisions(), null, d.decidedAt().toEpochMilli(), d.workload().key(),
                fleet.encode(d), CloudEventHeaders.kafkaHeaders(CloudEventHeaders.forRecord(fleet, d, "decider", d.id(), d.decidedAt())));
        try {
            producer.send(record, (meta, error) -> {
                if (error == null) {
                    recorded.increment();
                } else {
                    sendFailed.increment();
                    LOG.warn("Decision {} about {} not written to {}: {}", d.id(), d.workload(), fleet.topics().decisions(), error.toString());
                }
            });
        } catch (RuntimeException e) {
            sendFailed.increment();
            LOG.warn("Decision {} about {} not written to {}: {}", d.id(), d.workload(), fleet.topics().decisions(), e.toString());
        }
    }

    /** Sends what is queued (bounded by the producer's own timeouts), then closes the producer. */
    @Override
    public void close() {
        closed = true;
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, Object> castToObjects(Map<String, String> m) {
        return (Map) m;
    }
}
