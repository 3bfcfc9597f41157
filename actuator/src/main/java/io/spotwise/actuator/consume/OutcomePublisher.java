package io.spotwise.actuator.consume;

import io.spotwise.common.contract.Outcome;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.common.kafka.Topics;
import io.spotwise.common.serde.RecordCodec;
import io.vertx.core.Future;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;

/** Publishes outcomes on {@code spotwise.outcomes}, keyed by workload key, with CloudEvents headers; completes on ack. */
public final class OutcomePublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final String service;

    public OutcomePublisher(KafkaProducer<String, byte[]> producer, String service) {
        this.producer = producer;
        this.service = service;
    }

    public Future<Void> publish(Outcome outcome) {
        KafkaProducerRecord<String, byte[]> record = KafkaProducerRecord.create(Topics.OUTCOMES, outcome.workload().key(), RecordCodec.encode(outcome));
        record.addHeaders(CloudEventHeaders.forRecord(outcome, service, outcome.actionId(), outcome.completedAt()));
        return producer.send(record).mapEmpty();
    }
}
