package io.spotwise.watcher.publish;

import io.micrometer.core.instrument.MeterRegistry;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.fleet.ForeignRecords;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.StateTopicFollower;
import io.spotwise.contract.topic.TopicNames;
import io.spotwise.contract.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads both state topics from the beginning to the end offsets seen at start (vertx-kafka-client, through common's
 * {@link StateTopicFollower}) and returns the keys that still hold a live record, with the partition each was found
 * on: what a new leader must tombstone when the object no longer exists. Only committed writes count
 * (read_committed): a fenced leader's aborted records are no live keys.
 */
public final class StateTopics {

    private static final Logger LOG = LoggerFactory.getLogger(StateTopics.class);

    /**
     * @param live per topic, key → partition of its live record
     * @param strays further live records of a key on other partitions (to tombstone there)
     */
    public record Scan(Map<String, Map<String, Integer>> live, List<StateKey> strays) {
        public Map<String, Integer> live(String topic) {
            return live.getOrDefault(topic, Map.of());
        }
    }

    private final Vertx vertx;
    private final Map<String, String> consumerConfig;
    private final TopicNames topics;
    private final ForeignRecords foreign;

    /** @param kafka pass-through client settings ({@code KAFKA_*}) */
    public StateTopics(Vertx vertx, Map<String, String> kafka, String clientId) {
        this(vertx, kafka, clientId, Fleet.DEFAULT, null);
    }

    /**
     * @param fleet    this cluster: its topics are read, other clusters' records on them ignored ({@link ForeignRecords})
     * @param registry where ignored records are counted; null: not counted
     */
    public StateTopics(Vertx vertx, Map<String, String> kafka, String clientId, Fleet fleet, MeterRegistry registry) {
        this.topics = fleet.topics();
        this.foreign = new ForeignRecords(fleet.cluster(), registry, topics.workloads(), topics.pods());
        this.vertx = vertx;
        this.consumerConfig = KafkaClients.consumerConfig(kafka, null, clientId + "-scan");
        this.consumerConfig.putIfAbsent("max.poll.records", "5000");
    }

    /** Call on the context that is to handle the records; fails when the end is not reached within {@code timeout}. */
    public Future<Scan> scan(Duration timeout) {
        Map<String, Map<Integer, Map<String, Boolean>>> seen = new HashMap<>();
        StateTopicFollower follower = new StateTopicFollower(vertx, consumerConfig, List.of(topics.pods(), topics.workloads()),
                record -> see(seen, record));
        Promise<Scan> scan = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), id -> scan.tryFail(
                new TimeoutException("reading " + topics.pods() + " and " + topics.workloads() + " to their end took longer than " + timeout)));
        follower.start().compose(v -> follower.caughtUp()).onComplete(done -> {
            if (done.succeeded()) {
                scan.tryComplete(merge(seen));
            } else {
                scan.tryFail(done.cause());
            }
        });
        return scan.future().eventually(() -> {
            vertx.cancelTimer(timer);
            return follower.close().recover(e -> {
                LOG.warn("Closing the consumer that read the state topics: {}", e.toString());
                return Future.succeededFuture();
            });
        });
    }

    /** Keyed by the topic's role ({@link Topics#PODS}, {@link Topics#WORKLOADS}); another cluster's records are skipped. */
    private void see(Map<String, Map<Integer, Map<String, Boolean>>> seen, KafkaConsumerRecord<String, byte[]> r) {
        if (r.key() != null && foreign.ours(r)) {
            seen.computeIfAbsent(topics.role(r.topic()), t -> new HashMap<>()).computeIfAbsent(r.partition(), p -> new HashMap<>()).put(r.key(), r.value() != null);
        }
    }

    private static Scan merge(Map<String, Map<Integer, Map<String, Boolean>>> seen) {
        Map<String, Map<String, Integer>> live = new HashMap<>();
        List<StateKey> strays = new ArrayList<>();
        seen.forEach((topic, perPartition) -> {
            Map<String, Integer> onTopic = live.computeIfAbsent(topic, t -> new HashMap<>());
            perPartition.forEach((partition, keys) -> keys.forEach((key, isLive) -> {
                if (isLive && onTopic.putIfAbsent(key, partition) != null) {
                    strays.add(new StateKey(topic, key, partition));
                }
            }));
        });
        return new Scan(live, strays);
    }
}
