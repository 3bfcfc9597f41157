package io.spotwise.decider.leader;

import io.spotwise.common.contract.Action;
import io.spotwise.common.contract.DisableSpot;
import io.spotwise.common.contract.EnableSpot;
import io.spotwise.common.contract.FallbackEviction;
import io.spotwise.common.contract.PodEviction;
import io.spotwise.common.contract.RebalanceEviction;
import io.spotwise.common.contract.ReportConfigInvalid;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.common.kafka.Topics;
import io.spotwise.common.serde.RecordCodec;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes decided actions to {@code spotwise.actions}, keyed by workload, with CloudEvents headers. */
public final class ActionEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(ActionEmitter.class);
    public static final String SERVICE = "decider";

    private final KafkaProducer<String, byte[]> producer;

    /** @param producer idempotent, acks=all ({@code KafkaClients.producerConfig}) */
    public ActionEmitter(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    public Future<Void> emit(Action action) {
        LOG.info("{} {} for {}{}: {}", action.type(), action.reason(), action.workload(),
                action instanceof PodEviction e ? " pod " + e.pod().name() : "", describe(action));
        KafkaProducerRecord<String, byte[]> record = KafkaProducerRecord.create(Topics.ACTIONS, action.workload().key(), RecordCodec.encode(action));
        record.addHeaders(CloudEventHeaders.forRecord(action, SERVICE, action.id(), action.decidedAt()));
        return producer.send(record)
                .onFailure(e -> LOG.error("Could not publish {} {} for {}: {}", action.type(), action.id(), action.workload(), e.toString()))
                .mapEmpty();
    }

    private static String describe(Action action) {
        String id = "id " + action.id() + ", epoch " + action.leaderEpoch();
        if (action instanceof RebalanceEviction e) {
            return id + ", counts " + e.counts();
        }
        if (action instanceof FallbackEviction e) {
            return id + ", pending " + e.pendingFor() + ", window until " + e.windowEnd() + ", counts " + e.counts();
        }
        if (action instanceof DisableSpot d) {
            return id + ", until " + d.disabledUntil() + ", counts " + d.counts();
        }
        if (action instanceof EnableSpot e) {
            return id + ", window ended " + e.previousUntil();
        }
        return action instanceof ReportConfigInvalid r ? id + ", " + r.detail() : id;
    }
}
