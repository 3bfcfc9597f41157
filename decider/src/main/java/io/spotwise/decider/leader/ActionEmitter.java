package io.spotwise.decider.leader;

import io.spotwise.common.contract.Action;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.common.kafka.Topics;
import io.spotwise.common.logging.ActionLog;
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
        try (ActionLog.Scope scope = ActionLog.scope(action.workload(), action.id())) {
            LOG.info("{} {} for {}{}: {}", action.type(), action.reason(), action.workload(),
                    action.pod() == null ? "" : " pod " + action.pod().name(), describe(action));
        }
        KafkaProducerRecord<String, byte[]> record = KafkaProducerRecord.create(Topics.ACTIONS, action.workload().key(), RecordCodec.encode(action));
        record.addHeaders(CloudEventHeaders.forRecord(action, SERVICE, action.id(), action.decidedAt()));
        return producer.send(record)
                .onFailure(e -> LOG.error("Could not publish {} {} for {}: {}", action.type(), action.id(), action.workload(), e.toString()))
                .mapEmpty();
    }

    private static String describe(Action action) {
        StringBuilder sb = new StringBuilder("id ").append(action.id());
        if (action.counts() != null) {
            sb.append(", counts ").append(action.counts());
        }
        if (action.disabledUntil() != null) {
            sb.append(", until ").append(action.disabledUntil());
        }
        if (action.detail() != null) {
            sb.append(", ").append(action.detail());
        }
        return sb.toString();
    }
}
