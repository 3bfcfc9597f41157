package io.spotwise.contract.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotwise.contract.Action;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.testing.Samples;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicNamesTest {

    @Test
    @DisplayName("the default cluster keeps today's six names exactly")
    void defaultNames() {
        assertThat(TopicNames.forCluster(ClusterId.DEFAULT).all()).containsExactly(Topics.WORKLOADS, Topics.PODS, Topics.ACTIONS,
                Topics.OUTCOMES, Topics.DEAD_LETTER, Topics.DECISIONS);
        assertThat(Topics.all(3, (short) 1, Duration.ofDays(7))).isEqualTo(TopicNames.DEFAULT.specs(3, (short) 1, Duration.ofDays(7)));
    }

    @Test
    @DisplayName("cluster prod-eu → spotwise.prod-eu.actions …, and each name maps back to its role")
    void clusterNames() {
        TopicNames names = TopicNames.forCluster("prod-eu");
        assertThat(names.actions()).isEqualTo("spotwise.prod-eu.actions");
        assertThat(names.deadLetter()).isEqualTo("spotwise.prod-eu.dead-letter");
        for (String role : TopicNames.DEFAULT.all()) {
            assertThat(names.role(names.of(role))).isEqualTo(role);
        }
        assertThat(names.role(Topics.ACTIONS)).as("another cluster's topic has no role here").isNull();
    }

    @Test
    @DisplayName("an explicit prefix: state topics compacted, the others deleted, as with the default names")
    void explicitPrefix() {
        assertThat(new TopicNames("team-a_").specs(6, (short) 3, Duration.ofHours(1)))
                .extracting(TopicSpec::name, TopicSpec::cleanupPolicy)
                .containsExactly(
                        tuple("team-a_workloads", "compact"),
                        tuple("team-a_pods", "compact"),
                        tuple("team-a_actions", "delete"),
                        tuple("team-a_outcomes", "delete"),
                        tuple("team-a_dead-letter", "delete"),
                        tuple("team-a_decisions", "delete"));
    }

    @ParameterizedTest(name = "prefix \"{0}\" is refused")
    @ValueSource(strings = {"", "spot wise.", "spotwise/eu.", "spötwise."})
    void illegalPrefixes(String prefix) {
        assertThatThrownBy(() -> new TopicNames(prefix)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic prefix");
    }

    @ParameterizedTest(name = "cluster id \"{0}\" is not a DNS label")
    @ValueSource(strings = {"", "Prod", "prod_eu", "-prod", "prod-", "prod.eu",
            "a234567890123456789012345678901234567890123456789012345678901234"})
    void illegalClusterIds(String id) {
        assertThat(ClusterId.valid(id)).isFalse();
    }

    @ParameterizedTest(name = "cluster id \"{0}\" is valid")
    @ValueSource(strings = {"default", "prod-eu", "a", "k8s-1"})
    void legalClusterIds(String id) {
        assertThat(ClusterId.valid(id)).isTrue();
    }

    @Test
    @DisplayName("every record type written with its cluster carries \"cluster\" in its JSON and reads back equal; without it, it reads too")
    void clusterInJson() throws Exception {
        for (SpotwiseRecord r : Samples.everyType()) {
            Class<? extends SpotwiseRecord> type = r instanceof Action ? Action.class : r.getClass();
            byte[] written = RecordCodec.encode(r, "prod-eu");
            JsonNode tree = RecordCodec.mapper().readTree(written);
            assertThat(tree.get(ClusterId.FIELD).asText()).isEqualTo("prod-eu");
            assertThat(RecordCodec.decode(written, type)).isEqualTo(r);
            assertThat(RecordCodec.decode(RecordCodec.encode(r), type)).isEqualTo(r);
        }
        assertThat(ClusterId.fromHeader(null)).as("a record without the header").isEqualTo(ClusterId.DEFAULT);
    }
}
