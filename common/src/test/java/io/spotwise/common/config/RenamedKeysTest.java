package io.spotwise.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A renamed key keeps working under its old name for one release, with a warning that names the new key. */
@DisplayName("Renamed configuration keys")
class RenamedKeysTest {

    static final ConfigKey<String> LEASE = ConfigKey.nonEmpty("SPOTWISE_DECIDER_LEASE_NAME", "spotwise-decider", "Lease")
            .formerly("SPOTWISE_LEASE_NAME");

    @Test
    @DisplayName("the old name still sets the value, and the warning names the new key")
    void oldNameWorksWithAWarning() {
        Config c = Config.from(Map.of("SPOTWISE_LEASE_NAME", "my-lease"), List.of(LEASE));

        assertThat(c.get(LEASE)).isEqualTo("my-lease");
        assertThat(c.deprecations()).containsExactly(
                "SPOTWISE_LEASE_NAME is deprecated and will be removed in the next release: use SPOTWISE_DECIDER_LEASE_NAME");
    }

    @Test
    @DisplayName("with both names set the new one wins and the old one is reported as ignored")
    void newNameWins() {
        Config c = Config.from(Map.of("SPOTWISE_LEASE_NAME", "old", "SPOTWISE_DECIDER_LEASE_NAME", "new"), List.of(LEASE));

        assertThat(c.get(LEASE)).isEqualTo("new");
        assertThat(c.deprecations()).singleElement().asString()
                .contains("SPOTWISE_LEASE_NAME is ignored", "SPOTWISE_DECIDER_LEASE_NAME is set");
    }

    @Test
    @DisplayName("the new name alone gives no warning")
    void newNameQuiet() {
        assertThat(Config.from(Map.of("SPOTWISE_DECIDER_LEASE_NAME", "x"), List.of(LEASE)).deprecations()).isEmpty();
    }

    @Test
    @DisplayName("both former start-timeout keys (watcher's and decider's) set the one shared SPOTWISE_START_TIMEOUT")
    void startTimeoutFormerNames() {
        Config watcher = Config.from(Map.of("SPOTWISE_WATCHER_STARTUP_TIMEOUT", "20s"), CommonKeys.all());
        Config decider = Config.from(Map.of("SPOTWISE_KAFKA_START_TIMEOUT", "30s"), CommonKeys.all());

        assertThat(watcher.get(CommonKeys.START_TIMEOUT)).isEqualTo(Duration.ofSeconds(20));
        assertThat(decider.get(CommonKeys.START_TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
        assertThat(decider.deprecations()).singleElement().asString().endsWith("use SPOTWISE_START_TIMEOUT");
    }
}
