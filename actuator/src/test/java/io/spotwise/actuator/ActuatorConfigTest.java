package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.common.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ActuatorConfigTest {

    @Test
    @DisplayName("defaults: ops port 8083, not dry run, controller name spotwise, 1 eviction/s with a burst of 5")
    void defaults() {
        ActuatorConfig c = ActuatorConfig.from(Map.of());
        assertThat(c.get(ActuatorConfig.OPS_PORT)).isEqualTo(8083);
        assertThat(c.dryRun()).isFalse();
        assertThat(c.controllerName()).isEqualTo("spotwise");
        assertThat(c.get(ActuatorConfig.EVICTION_RATE)).isEqualTo(1.0);
        assertThat(c.get(ActuatorConfig.EVICTION_BURST)).isEqualTo(5);
        assertThat(c.get(ActuatorConfig.EVENT_REFILL)).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.spotwiseKeys().spotDisabledUntil()).isEqualTo("spotwise.io/spot-disabled-until");
    }

    @Test
    @DisplayName("a bad value stops the start with one line naming the key and the value")
    void badValue() {
        assertThatThrownBy(() -> ActuatorConfig.from(Map.of("SPOTWISE_EVICTION_RATE", "fast")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: SPOTWISE_EVICTION_RATE='fast' is not a number in [0.001, 1000.0]");
        assertThatThrownBy(() -> ActuatorConfig.from(Map.of("SPOTWISE_DRY_RUN", "maybe"))).hasMessageContaining("SPOTWISE_DRY_RUN");
    }

    @Test
    @DisplayName("every key is declared once")
    void keysOnce() {
        assertThat(ActuatorConfig.keys().stream().map(k -> k.name())).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("a misspelt SPOTWISE_DRYRUN stops the actuator at start instead of evicting for real")
    void misspeltDryRun() {
        assertThatThrownBy(() -> ActuatorConfig.from(Map.of("SPOTWISE_DRYRUN", "true")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: unknown key SPOTWISE_DRYRUN, did you mean SPOTWISE_DRY_RUN?");
    }

    @Test
    @DisplayName("a key only the watcher declares is unknown to the actuator")
    void otherServicesKey() {
        assertThatThrownBy(() -> ActuatorConfig.from(Map.of("SPOTWISE_WATCHER_RESYNC_PERIOD", "5m")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration: unknown key SPOTWISE_WATCHER_RESYNC_PERIOD, did you mean SPOTWISE_");
    }
}
