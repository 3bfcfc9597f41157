package io.spotwise.sandbox.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.testing.TopicProbe;
import io.spotwise.contract.Action;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.serde.RecordReadException;
import io.spotwise.contract.topic.ClusterId;
import io.spotwise.contract.topic.Topics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** What an outside reader of a fleet's topics sees: which cluster wrote each record, and who answered which action. */
final class FleetChecks {

    private final String bootstrap;
    private final Fleet east;
    private final Fleet west;

    FleetChecks(String bootstrap, Fleet east, Fleet west) {
        this.bootstrap = bootstrap;
        this.east = east;
        this.west = west;
    }

    /** Every record on the cluster's topics carries its id in the header; actions, outcomes, decisions and dead letters in the JSON too. */
    void everyRecordNamesItsCluster(Fleet fleet) throws Exception {
        int read = 0;
        for (String topic : fleet.topics().all()) {
            String role = fleet.topics().role(topic);
            for (ConsumerRecord<String, byte[]> r : TopicProbe.readCommitted(bootstrap, topic)) {
                read++;
                assertThat(Fleet.clusterOf(r.headers())).as("header of %s@%d", topic, r.offset()).isEqualTo(fleet.cluster());
                if (r.value() != null && !role.equals(Topics.WORKLOADS) && !role.equals(Topics.PODS)) {
                    assertThat(RecordCodec.mapper().readTree(r.value()).path(ClusterId.FIELD).asText())
                            .as("JSON of %s@%d", topic, r.offset()).isEqualTo(fleet.cluster());
                }
            }
        }
        assertThat(read).as("records on %s's topics", fleet.cluster()).isPositive();
    }

    /** East's fallback actions were answered by east's actuator, and west's actuator answered none of them. */
    void eastActionsAnsweredOnlyByEast() throws RecordReadException {
        Set<String> eastActions = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records(east.topics().actions(), east)) {
            eastActions.add(RecordCodec.decode(r.value(), Action.class).id());
        }
        assertThat(eastActions).as("east's DisableSpot and 6 fallback evictions").hasSizeGreaterThanOrEqualTo(7);
        assertThat(answered(west)).as("outcomes west's actuator wrote").doesNotContainAnyElementsOf(eastActions);
        assertThat(answered(east)).as("outcomes east's actuator wrote").containsAll(eastActions);
    }

    private Set<String> answered(Fleet fleet) throws RecordReadException {
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records(fleet.topics().outcomes(), fleet)) {
            ids.add(RecordCodec.decode(r.value(), Outcome.class).actionId());
        }
        return ids;
    }

    private List<ConsumerRecord<String, byte[]>> records(String topic, Fleet of) {
        return TopicProbe.readCommitted(bootstrap, topic).stream()
                .filter(r -> r.value() != null && Fleet.clusterOf(r.headers()).equals(of.cluster())).toList();
    }
}
