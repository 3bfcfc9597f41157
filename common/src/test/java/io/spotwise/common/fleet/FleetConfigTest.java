package io.spotwise.common.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.Config;
import io.spotwise.common.config.ConfigException;
import io.spotwise.common.config.ServiceConfig;
import io.spotwise.common.kafka.KafkaAccess;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FleetConfigTest {

    private static Fleet fleet(Map<String, String> env) {
        Config config = Config.from(env, CommonKeys.all());
        ServiceConfig service = () -> config;
        return service.fleet();
    }

    @Test
    @DisplayName("nothing set → cluster 'default', today's topic names, transactional ids and group")
    void singleClusterUnchanged() {
        Fleet f = fleet(Map.of());
        assertThat(f).isEqualTo(Fleet.DEFAULT);
        assertThat(f.topics().actions()).isEqualTo("spotwise.actions");
        assertThat(f.kafkaId("decider")).isEqualTo("spotwise-decider");
        assertThat(KafkaAccess.all(f)).isEqualTo(KafkaAccess.all());
    }

    @Test
    @DisplayName("SPOTWISE_CLUSTER_ID=prod-eu alone → topics spotwise.prod-eu.*, ids spotwise-prod-eu-*")
    void clusterIdDerivesTheRest() {
        Fleet f = fleet(Map.of("SPOTWISE_CLUSTER_ID", "prod-eu"));
        assertThat(f.topics().pods()).isEqualTo("spotwise.prod-eu.pods");
        assertThat(f.kafkaId("watcher")).isEqualTo("spotwise-prod-eu-watcher");
        assertThat(KafkaAccess.actuator(f).user()).isEqualTo("spotwise-prod-eu-actuator");
        assertThat(KafkaAccess.actuator(f).grants()).extracting(KafkaAccess.Grant::name)
                .contains("spotwise.prod-eu.", "spotwise.prod-eu.actions", "spotwise-prod-eu-actuator", "spotwise-prod-eu-actuator-")
                .doesNotContain("spotwise.actions");
    }

    @Test
    @DisplayName("an explicit SPOTWISE_TOPIC_PREFIX wins over the derived one; the cluster id still names the records")
    void explicitPrefix() {
        Fleet f = fleet(Map.of("SPOTWISE_CLUSTER_ID", "b", "SPOTWISE_TOPIC_PREFIX", "spotwise."));
        assertThat(f.topics().actions()).isEqualTo("spotwise.actions");
        assertThat(f.cluster()).isEqualTo("b");
        assertThat(f.kafkaId("decider")).isEqualTo("spotwise-b-decider");
    }

    @ParameterizedTest(name = "{0}={1} stops the start with one line naming the key")
    @CsvSource({
            "SPOTWISE_CLUSTER_ID, Prod_EU",
            "SPOTWISE_CLUSTER_ID, -eu",
            "SPOTWISE_TOPIC_PREFIX, spotwise/eu.",
            "SPOTWISE_TOPIC_PREFIX, spot wise"})
    void badValues(String key, String value) {
        assertThatThrownBy(() -> fleet(Map.of(key, value))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration: " + key + "='" + value + "' is not ")
                .hasMessageNotContaining("\n");
    }
}
