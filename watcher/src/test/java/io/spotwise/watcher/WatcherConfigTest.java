package io.spotwise.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.common.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WatcherConfigTest {

    @Test
    @DisplayName("Defaults: ops port 8081, all namespaces, leader election on, 10m resync")
    void defaults() {
        WatcherConfig c = WatcherConfig.from(Map.of());
        assertThat(c.get(WatcherConfig.OPS_PORT)).isEqualTo(8081);
        assertThat(c.get(WatcherConfig.NAMESPACES_INCLUDE)).isEmpty();
        assertThat(c.get(WatcherConfig.LEADER_ELECTION)).isTrue();
        assertThat(c.get(WatcherConfig.RESYNC_PERIOD)).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.get(WatcherConfig.DISRUPTION_TAINTS)).contains("karpenter.sh/disrupted", "aws-node-termination-handler/*", "cordoned");
    }

    @Test
    @DisplayName("A bad value stops start-up with a message naming the key")
    void badValue() {
        assertThatThrownBy(() -> WatcherConfig.from(Map.of("SPOTWISE_WATCHER_RESYNC_PERIOD", "often")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SPOTWISE_WATCHER_RESYNC_PERIOD");
    }

    @Test
    @DisplayName("A namespace both included and excluded is refused")
    void includeAndExclude() {
        assertThatThrownBy(() -> WatcherConfig.from(Map.of("SPOTWISE_WATCHER_NAMESPACES_INCLUDE", "a,b", "SPOTWISE_WATCHER_NAMESPACES_EXCLUDE", "b")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SPOTWISE_WATCHER_NAMESPACES_EXCLUDE");
    }

    @Test
    @DisplayName("a misspelt namespace filter stops the watcher at start, naming the key it meant")
    void misspeltKey() {
        assertThatThrownBy(() -> WatcherConfig.from(Map.of("SPOTWISE_WATCHER_NAMESPACE_INCLUDE", "shop")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: unknown key SPOTWISE_WATCHER_NAMESPACE_INCLUDE, did you mean SPOTWISE_WATCHER_NAMESPACES_INCLUDE?");
    }
}
