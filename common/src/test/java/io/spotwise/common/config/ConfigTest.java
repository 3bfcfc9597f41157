package io.spotwise.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

    static final ConfigKey<Integer> PERCENT = ConfigKey.integer("SPOTWISE_DEFAULT_PERCENTAGE", 100, 0, 100, "percent on spot");
    static final ConfigKey<Duration> TIMEOUT = ConfigKey.duration("SPOTWISE_SCHEDULE_TIMEOUT", "1m", "pending timeout");
    static final ConfigKey<Boolean> DRY = ConfigKey.bool("SPOTWISE_DRY_RUN", false, "dry run");
    static final ConfigKey<List<String>> NS = ConfigKey.list("SPOTWISE_NAMESPACES", "", "namespaces");
    static final ConfigKey<String> MODE = ConfigKey.oneOf("SPOTWISE_MODE", "a", "mode", "a", "b");
    static final ConfigKey<String> TOKEN = ConfigKey.secret("SPOTWISE_TOKEN", "", "token");
    static final List<ConfigKey<?>> KEYS = List.of(PERCENT, TIMEOUT, DRY, NS, MODE, TOKEN);

    @Test
    @DisplayName("no environment → every declared default")
    void defaults() {
        Config c = Config.from(Map.of(), KEYS);
        assertThat(c.get(PERCENT)).isEqualTo(100);
        assertThat(c.get(TIMEOUT)).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.get(DRY)).isFalse();
        assertThat(c.get(NS)).isEmpty();
        assertThat(c.get(MODE)).isEqualTo("a");
        assertThat(c.kafka()).containsEntry("bootstrap.servers", "localhost:19092");
    }

    @Test
    @DisplayName("valid values are parsed: Go-style durations, lists, booleans")
    void validValues() {
        Config c = Config.from(Map.of("SPOTWISE_DEFAULT_PERCENTAGE", "60", "SPOTWISE_SCHEDULE_TIMEOUT", "1m30s",
                "SPOTWISE_DRY_RUN", "TRUE", "SPOTWISE_NAMESPACES", "shop, ,web", "SPOTWISE_MODE", "b"), KEYS);
        assertThat(c.get(PERCENT)).isEqualTo(60);
        assertThat(c.get(TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.get(DRY)).isTrue();
        assertThat(c.get(NS)).containsExactly("shop", "web");
        assertThat(c.get(MODE)).isEqualTo("b");
    }

    @ParameterizedTest(name = "{0}={1} is refused with the key and value named")
    @CsvSource({
            "SPOTWISE_DEFAULT_PERCENTAGE, 101, 'an integer in [0, 100]'",
            "SPOTWISE_DEFAULT_PERCENTAGE, -1, 'an integer in [0, 100]'",
            "SPOTWISE_DEFAULT_PERCENTAGE, sixty, 'an integer in [0, 100]'",
            "SPOTWISE_SCHEDULE_TIMEOUT, 0s, 'a positive duration'",
            "SPOTWISE_SCHEDULE_TIMEOUT, 10 minutes, 'a positive duration'",
            "SPOTWISE_SCHEDULE_TIMEOUT, -5s, 'a positive duration'",
            "SPOTWISE_DRY_RUN, yes, 'true or false'",
            "SPOTWISE_MODE, c, 'one of [a, b]'",
    })
    void invalidValues(String key, String value, String expectation) {
        assertThatThrownBy(() -> Config.from(Map.of(key, value), KEYS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: " + key + "='" + value + "' is not " + expectation
                        + (expectation.startsWith("a positive") ? " such as 500ms, 30s, 1m" : ""));
    }

    @Test
    @DisplayName("a required key without a value is refused, naming it")
    void requiredKey() {
        ConfigKey<String> url = ConfigKey.nonEmpty("SPOTWISE_WEBHOOK_URL", null, "where the webhook listens");
        assertThatThrownBy(() -> Config.from(Map.of(), List.of(url)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SPOTWISE_WEBHOOK_URL is required");
    }

    @Test
    @DisplayName("KAFKA_* variables pass through as Kafka client settings; secrets are masked in the effective config")
    void kafkaPassThroughAndMasking() {
        Config c = Config.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "KAFKA_SASL_JAAS_CONFIG", "user=x password=y",
                "KAFKA_SSL_KEY_PASSWORD", "hunter2", "SPOTWISE_TOKEN", "abc", "OTHER", "ignored"), KEYS);
        assertThat(c.kafka()).containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("sasl.jaas.config", "user=x password=y")
                .doesNotContainKey("other");
        String described = c.describe();
        assertThat(described).contains("KAFKA_BOOTSTRAP_SERVERS=kafka:9092")
                .contains("KAFKA_SASL_JAAS_CONFIG=****")
                .contains("KAFKA_SSL_KEY_PASSWORD=****")
                .contains("SPOTWISE_TOKEN=****")
                .doesNotContain("hunter2").doesNotContain("password=y");
    }

    @Test
    @DisplayName("the common keys all have valid defaults")
    void commonKeysDefaults() {
        Config c = Config.from(Map.of(), CommonKeys.all());
        assertThat(c.get(CommonKeys.PREFIX)).isEqualTo("spotwise.io");
        assertThat(c.get(CommonKeys.TOPIC_PARTITIONS)).isEqualTo(6);
        assertThat(c.get(CommonKeys.TOPIC_RETENTION)).isEqualTo(Duration.ofDays(7));
    }

    @ParameterizedTest(name = "duration {0} = {1} ms")
    @CsvSource({"500ms, 500", "30s, 30000", "1m, 60000", "1m30s, 90000", "2h, 7200000", "PT5S, 5000", "0, 0"})
    void durations(String text, long millis) {
        assertThat(Durations.parse(text).toMillis()).isEqualTo(millis);
    }

    @Test
    void durationFormatting() {
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    }

    @ParameterizedTest(name = "{0} is refused: did you mean {1}?")
    @CsvSource({
            "SPOTWISE_DRYRUN, SPOTWISE_DRY_RUN",
            "SPOTWISE_dry_run, SPOTWISE_DRY_RUN",
            "SPOTWISE_DEFAULT_PERCENT, SPOTWISE_DEFAULT_PERCENTAGE",
            "SPOTWISE_SCHEDULE_TIMOUT, SPOTWISE_SCHEDULE_TIMEOUT",
    })
    @DisplayName("an undeclared SPOTWISE_* key stops the start with one line naming it and the closest declared key")
    void unknownKey(String typo, String meant) {
        assertThatThrownBy(() -> Config.from(Map.of(typo, "true"), KEYS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: unknown key " + typo + ", did you mean " + meant + "?");
    }

    @Test
    @DisplayName("several unknown keys: the first is named and the others counted; other variables are not checked")
    void severalUnknownKeys() {
        assertThatThrownBy(() -> Config.from(Map.of("SPOTWISE_DRYRUN", "true", "SPOTWISE_NAMESPACE", "x", "HOME", "/root",
                "KAFKA_ACKS", "all"), KEYS))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: unknown key SPOTWISE_DRYRUN, did you mean SPOTWISE_DRY_RUN?"
                        + " (and 1 more unknown SPOTWISE_* keys)");
        assertThat(Config.from(Map.of("HOME", "/root", "SPOTWISE_DRY_RUN", "true"), KEYS).get(DRY)).isTrue();
    }
}
