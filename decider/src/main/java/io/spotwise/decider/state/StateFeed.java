package io.spotwise.decider.state;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.spotwise.common.kafka.StateTopicFollower;
import io.spotwise.contract.topic.TopicNames;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.kafka.admin.ListOffsetsResultInfo;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the state from Kafka, on the state's context: the two compacted state topics from the beginning, the action
 * and outcome logs from a recent window. The window is handed to the state once both have caught up with the end
 * offsets seen at start (so an action read back finds its pod). Ready from then on while the consumer lag stays at
 * most {@code maxLag}: lag is measured on a context of its own, so a state context that falls behind cannot hide it.
 */
public final class StateFeed {

    private static final Logger LOG = LoggerFactory.getLogger(StateFeed.class);
    static final long LAG_CHECK_MS = 2_000;

    private final Vertx vertx;
    private final StateContext state;
    private final StateRecords records;
    private final Map<String, String> consumerConfig;
    private final KafkaAdminClient admin;
    private final Duration historyWindow;
    private final Clock clock;
    private final long maxLag;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong rebuildMillis = new AtomicLong(-1);
    private volatile boolean caughtUp;
    private volatile boolean lagging;
    private final TopicNames topics;
    private StateTopicFollower stateFollower;
    private HistoryFollower historyFollower;
    private String lagWatch;

    public StateFeed(Vertx vertx, StateContext state, StateRecords records, Map<String, String> consumerConfig,
                     KafkaAdminClient admin, Duration historyWindow, long maxLag, Clock clock, MeterRegistry registry) {
        this(vertx, state, records, consumerConfig, admin, historyWindow, maxLag, clock, registry, TopicNames.DEFAULT);
    }

    public StateFeed(Vertx vertx, StateContext state, StateRecords records, Map<String, String> consumerConfig,
                     KafkaAdminClient admin, Duration historyWindow, long maxLag, Clock clock, MeterRegistry registry, TopicNames topics) {
        this.topics = topics;
        this.vertx = vertx;
        this.state = state;
        this.records = records;
        this.consumerConfig = consumerConfig;
        this.admin = admin;
        this.historyWindow = historyWindow;
        this.maxLag = maxLag;
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
            stateFollower = new StateTopicFollower(vertx, consumerConfig, List.of(topics.workloads(), topics.pods()), this::onRecord);
            historyFollower = new HistoryFollower(vertx, consumerConfig, List.of(topics.actions(), topics.outcomes()), historyWindow, clock,
                    this::onRecord);
            Future.all(stateFollower.caughtUp(), historyFollower.caughtUp()).onSuccess(all -> caughtUp(started));
            return Future.all(stateFollower.start(), historyFollower.start()).mapEmpty();
        }).compose(v -> vertx.deployVerticle(new LagWatch())).map(id -> {
            lagWatch = id;
            return null;
        });
    }

    /** Caught up with the state topics and the recent actions and outcomes, and not lagging behind them since. */
    public boolean isReady() {
        return caughtUp && !lagging;
    }

    /** Records not yet applied, as last measured. */
    public long lag() {
        return lag.get();
    }

    public Future<Void> close() {
        Future<Void> undeployed = lagWatch == null ? Future.succeededFuture() : vertx.undeploy(lagWatch).recover(e -> Future.succeededFuture());
        return undeployed.compose(v -> onState(() -> {
            Future<Void> a = stateFollower == null ? Future.succeededFuture() : stateFollower.close();
            Future<Void> b = historyFollower == null ? Future.succeededFuture() : historyFollower.close();
            return Future.all(a, b).mapEmpty();
        }));
    }

    private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
        records.apply(state.state(), record);
    }

    private void caughtUp(Instant started) {
        historyFollower.flush();
        Instant now = clock.instant();
        state.state().markRebuilt(now);
        rebuildMillis.set(Duration.between(started, now).toMillis());
        caughtUp = true;
        LOG.info("State rebuilt in {} ms: {} pods indexed; rebalancing waits one stabilization period", rebuildMillis.get(),
                state.state().podCount());
    }

    /** Measures the lag every {@link #LAG_CHECK_MS} on its own context. */
    private final class LagWatch extends VerticleBase {
        private long timer = -1;

        @Override
        public Future<?> start() {
            timer = vertx.setPeriodic(LAG_CHECK_MS, id -> measure());
            return Future.succeededFuture();
        }

        @Override
        public Future<?> stop() {
            vertx.cancelTimer(timer);
            return Future.succeededFuture();
        }
    }

    private void measure() {
        Map<TopicPartition, Long> handed = new HashMap<>();
        for (StateTopicFollower f : List.of(stateFollower, historyFollower.follower())) {
            handed.putAll(f.handedOver());
        }
        if (handed.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        handed.keySet().forEach(tp -> specs.put(tp, OffsetSpec.LATEST));
        admin.listOffsets(specs).onSuccess(ends -> {
            long total = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResultInfo> e : ends.entrySet()) {
                total += lag(e.getValue().getOffset(), handed.getOrDefault(e.getKey(), 0L));
            }
            lag.set(total);
            boolean behind = total > maxLag;
            if (behind != lagging && caughtUp) {
                if (behind) {
                    LOG.warn("State fell behind Kafka by {} records (more than {}): not ready, no decisions until caught up", total, maxLag);
                } else {
                    LOG.info("State caught up with Kafka again ({} records behind): ready", total);
                }
            }
            lagging = behind;
        }).onFailure(e -> LOG.debug("Could not measure consumer lag: {}", e.toString()));
    }

    /**
     * One partition's lag. A transaction's commit marker takes an offset that no consumer ever sees, so a gap of one
     * after the last record handed over is no lag.
     */
    static long lag(long end, long handedOver) {
        long gap = end - handedOver;
        return gap <= 1 ? 0 : gap;
    }

    private <T> Future<T> onState(Supplier<Future<T>> work) {
        Promise<T> p = Promise.promise();
        state.context().runOnContext(v -> work.get().onComplete(p));
        return p.future();
    }
}
