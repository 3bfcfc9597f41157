package io.spotwise.decider.state;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.spotwise.common.kafka.StateTopicFollower;
import io.spotwise.common.kafka.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.OffsetSpec;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the state from Kafka, on the state's context: the two compacted state topics from the beginning, the action
 * and outcome logs from a recent window. Ready once both have caught up with the end offsets seen at start; from
 * then on it follows them live. Also measures the rebuild and the consumer lag.
 */
public final class StateFeed {

    private static final Logger LOG = LoggerFactory.getLogger(StateFeed.class);
    private static final long LAG_CHECK_MS = 5_000;

    private final Vertx vertx;
    private final StateContext state;
    private final StateRecords records;
    private final Map<String, String> consumerConfig;
    private final KafkaAdminClient admin;
    private final Duration historyWindow;
    private final Clock clock;
    private final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong rebuildMillis = new AtomicLong(-1);
    private volatile boolean ready;
    private StateTopicFollower stateFollower;
    private HistoryFollower historyFollower;
    private long lagTimer = -1;

    public StateFeed(Vertx vertx, StateContext state, StateRecords records, Map<String, String> consumerConfig,
                     KafkaAdminClient admin, Duration historyWindow, Clock clock, MeterRegistry registry) {
        this.vertx = vertx;
        this.state = state;
        this.records = records;
        this.consumerConfig = consumerConfig;
        this.admin = admin;
        this.historyWindow = historyWindow;
        this.clock = clock;
        Gauge.builder("spotwise.decider.consumer.lag", lag, AtomicLong::get).baseUnit("records")
                .description("records of the four followed topics not yet applied to the state").register(registry);
        Gauge.builder("spotwise.decider.state.rebuild.duration", rebuildMillis, r -> r.get() < 0 ? Double.NaN : r.get() / 1000.0)
                .baseUnit("seconds").description("time from start to caught up with the state topics").register(registry);
    }

    /** Starts following on the state's context; completes when reading has started (not when caught up). */
    public Future<Void> start() {
        Instant started = clock.instant();
        return onState(() -> {
            stateFollower = new StateTopicFollower(vertx, consumerConfig, List.of(Topics.WORKLOADS, Topics.PODS), this::onRecord);
            historyFollower = new HistoryFollower(vertx, consumerConfig, List.of(Topics.ACTIONS, Topics.OUTCOMES), historyWindow, clock,
                    this::onRecord);
            Future.all(stateFollower.caughtUp(), historyFollower.caughtUp()).onSuccess(all -> caughtUp(started));
            lagTimer = vertx.setPeriodic(LAG_CHECK_MS, id -> measureLag());
            return Future.all(stateFollower.start(), historyFollower.start()).mapEmpty();
        });
    }

    /** Caught up with the state topics and the recent actions and outcomes. */
    public boolean isReady() {
        return ready;
    }

    public Future<Void> close() {
        return onState(() -> {
            if (lagTimer >= 0) {
                vertx.cancelTimer(lagTimer);
            }
            Future<Void> a = stateFollower == null ? Future.succeededFuture() : stateFollower.close();
            Future<Void> b = historyFollower == null ? Future.succeededFuture() : historyFollower.close();
            return Future.all(a, b).mapEmpty();
        });
    }

    private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
        nextOffsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        records.apply(state.state(), record);
    }

    private void caughtUp(Instant started) {
        Instant now = clock.instant();
        state.state().markRebuilt(now);
        rebuildMillis.set(Duration.between(started, now).toMillis());
        ready = true;
        LOG.info("State rebuilt in {} ms: {} pods indexed; rebalancing waits one stabilization period", rebuildMillis.get(),
                state.state().podCount());
    }

    private void measureLag() {
        if (nextOffsets.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        nextOffsets.keySet().forEach(tp -> specs.put(tp, OffsetSpec.LATEST));
        admin.listOffsets(specs).onSuccess(ends -> {
            long total = 0;
            for (Map.Entry<TopicPartition, io.vertx.kafka.admin.ListOffsetsResultInfo> e : ends.entrySet()) {
                total += Math.max(0, e.getValue().getOffset() - nextOffsets.getOrDefault(e.getKey(), 0L));
            }
            lag.set(total);
        }).onFailure(e -> LOG.debug("Could not measure consumer lag: {}", e.toString()));
    }

    private <T> Future<T> onState(java.util.function.Supplier<Future<T>> work) {
        io.vertx.core.Promise<T> p = io.vertx.core.Promise.promise();
        state.context().runOnContext(v -> work.get().onComplete(p));
        return p.future();
    }
}
