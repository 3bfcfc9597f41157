package io.spotwise.decider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.common.config.ConfigException;
import io.spotwise.decider.policy.config.PolicySettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeciderConfigTest {

    private static final Map<String, String> DEV = Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true");

    @Test
    @DisplayName("defaults follow the reference: 100 %, min 0, timeout 1m, fallback 2m, stabilization 1m; tick 10s; ports 8443 / 8082")
    void defaults() {
        DeciderConfig c = DeciderConfig.from(DEV);
        PolicySettings s = Decider.settings(c);
        assertThat(s.defaultPercentage()).isEqualTo(100);
        assertThat(s.defaultMinOnDemandReplicas()).isZero();
        assertThat(s.scheduleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.fallbackDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.rebalanceStabilizationPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.fallbackOnlyUnbound()).isTrue();
        assertThat(c.get(DeciderConfig.TICK)).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.get(DeciderConfig.WEBHOOK_PORT)).isEqualTo(8443);
        assertThat(c.get(DeciderConfig.OPS_PORT)).isEqualTo(8082);
        assertThat(c.get(DeciderConfig.WEBHOOK_TIMEOUT)).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    @DisplayName("one source for every policy default: the settings built from an empty environment are PolicySettings.DEFAULTS")
    void policyDefaultsHaveOneSource() {
        assertThat(Decider.settings(DeciderConfig.from(DEV))).isEqualTo(PolicySettings.DEFAULTS);
        assertThat(DeciderConfig.from(DEV).get(DeciderConfig.TICK)).isEqualTo(PolicySettings.DEFAULT_TICK);
    }

    @Test
    @DisplayName("the documented budget rule holds at the shipped defaults: rebalancing burst ≥ rate × tick")
    void burstCoversOneTickAtDefaults() {
        DeciderConfig c = DeciderConfig.from(DEV);
        PolicySettings s = Decider.settings(c);
        double perTick = s.evictionRate() * c.get(DeciderConfig.TICK).toMillis() / 1000.0;
        assertThat((double) s.evictionBurst()).isGreaterThanOrEqualTo(perTick);
    }

    @Test
    @DisplayName("a percentage of 101 stops the service with one line naming the key")
    void badPercentage() {
        assertThatThrownBy(() -> DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true", "SPOTWISE_DEFAULT_PERCENTAGE", "101")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: SPOTWISE_DEFAULT_PERCENTAGE='101' is not an integer in [0, 100]");
    }

    @Test
    @DisplayName("no certificate and no self-signed flag is refused, naming the keys")
    void certificateRequired() {
        assertThatThrownBy(() -> DeciderConfig.from(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("SPOTWISE_WEBHOOK_CERT_FILE").hasMessageContaining("SPOTWISE_WEBHOOK_SELF_SIGNED");
        assertThatThrownBy(() -> DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_CERT_FILE", "/tls/tls.crt")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SPOTWISE_WEBHOOK_KEY_FILE is required");
    }

    @Test
    @DisplayName("a webhook timeout not below the API server's 10 s is refused")
    void webhookTimeout() {
        assertThatThrownBy(() -> DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true", "SPOTWISE_WEBHOOK_TIMEOUT", "10s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SPOTWISE_WEBHOOK_TIMEOUT");
    }

    @Test
    @DisplayName("the webhook's HTTP/2 window defaults to 4 MiB; below HTTP/2's 65535 it is refused, naming the key")
    void http2Window() {
        assertThat(DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true")).get(DeciderConfig.WEBHOOK_HTTP2_WINDOW_BYTES))
                .isEqualTo(4 * 1024 * 1024);
        assertThat(DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true", "SPOTWISE_WEBHOOK_HTTP2_WINDOW_BYTES", "65535"))
                .get(DeciderConfig.WEBHOOK_HTTP2_WINDOW_BYTES)).isEqualTo(65_535);
        assertThatThrownBy(() -> DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true", "SPOTWISE_WEBHOOK_HTTP2_WINDOW_BYTES", "1024")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SPOTWISE_WEBHOOK_HTTP2_WINDOW_BYTES").hasMessageContaining("65535");
        assertThatThrownBy(() -> DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true", "SPOTWISE_WEBHOOK_HTTP2_WINDOW_BYTES", "4MiB")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SPOTWISE_WEBHOOK_HTTP2_WINDOW_BYTES");
    }

    @Test
    @DisplayName("the webhook's HTTP/2 streams per connection default to 32; 0 is refused, naming the key")
    void http2MaxStreams() {
        assertThat(DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true")).get(DeciderConfig.WEBHOOK_HTTP2_MAX_STREAMS)).isEqualTo(32);
        assertThat(DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true", "SPOTWISE_WEBHOOK_HTTP2_MAX_STREAMS", "250"))
                .get(DeciderConfig.WEBHOOK_HTTP2_MAX_STREAMS)).isEqualTo(250);
        assertThatThrownBy(() -> DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true", "SPOTWISE_WEBHOOK_HTTP2_MAX_STREAMS", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SPOTWISE_WEBHOOK_HTTP2_MAX_STREAMS");
    }

    @Test
    @DisplayName("the effective config lists every key and masks Kafka secrets")
    void describeMasksSecrets() {
        DeciderConfig c = DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required password=\"hunter2\";"));
        assertThat(c.describe()).contains("SPOTWISE_DECIDER_LEASE_NAME=spotwise-decider", "KAFKA_SASL_JAAS_CONFIG=****").doesNotContain("hunter2");
    }

    @Test
    @DisplayName("a misspelt key stops the decider at start, naming the key it meant")
    void misspeltKey() {
        assertThatThrownBy(() -> DeciderConfig.from(Map.of("SPOTWISE_WEBHOOK_SELF_SIGNED", "true", "SPOTWISE_SCHEDULE_TIMOUT", "30s")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: unknown key SPOTWISE_SCHEDULE_TIMOUT, did you mean SPOTWISE_SCHEDULE_TIMEOUT?");
    }
}
