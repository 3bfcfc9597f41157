package io.spotwise.decider.leader;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.common.logging.ActionLog;
import io.spotwise.contract.Action;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The actions-topic record of a decided action: keyed by workload, with CloudEvents headers and the cluster id (docs/fleet.md). */
public final class ActionEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(ActionEmitter.class);
    public static final String SERVICE = "decider";

    private ActionEmitter() {
    }

    public static ProducerRecord<String, byte[]> record(Fleet fleet, Action action) {
        return new ProducerRecord<>(fleet.topics().actions(), null, action.workload().key(), fleet.encode(action),
                CloudEventHeaders.kafkaHeaders(CloudEventHeaders.forRecord(fleet, action, SERVICE, action.id(), action.decidedAt())));
    }

    /** Logs an action once it is written. */
    public static void written(Action action) {
        try (ActionLog.Scope scope = ActionLog.scope(action.workload(), action.id())) {
            LOG.info("{} {} for {}{}: {}", action.type(), action.reason(), action.workload(),
                    action instanceof PodEviction e ? " pod " + e.pod().name() : "", describe(action));
        }
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
