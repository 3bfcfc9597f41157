package io.spotwise.decider.leader;

import io.spotwise.common.contract.Action;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.common.kafka.Topics;
import io.spotwise.common.logging.ActionLog;
import io.spotwise.common.serde.RecordCodec;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code spotwise.actions} record of a decided action: keyed by workload, with CloudEvents headers. */
public final class ActionEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(ActionEmitter.class);
    public static final String SERVICE = "decider";

    private ActionEmitter() {
    }

    public static ProducerRecord<String, byte[]> record(Action action) {
        return new ProducerRecord<>(Topics.ACTIONS, null, action.workload().key(), RecordCodec.encode(action),
                CloudEventHeaders.kafkaHeaders(CloudEventHeaders.forRecord(action, SERVICE, action.id(), action.decidedAt())));
    }

    /** Logs an action once it is written. */
    public static void written(Action action) {
        try (ActionLog.Scope scope = ActionLog.scope(action.workload(), action.id())) {
            LOG.info("{} {} for {}{}: {}", action.type(), action.reason(), action.workload(),
                    action.pod() == null ? "" : " pod " + action.pod().name(), describe(action));
        }
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
