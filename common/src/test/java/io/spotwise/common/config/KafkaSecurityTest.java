package io.spotwise.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSecurityTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("SASL_SSL with SCRAM: the password comes from its file into the client settings and never into the effective config")
    void saslSsl() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cr\"et\n");
        Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        Config c = Config.from(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093", "SPOTWISE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "SPOTWISE_KAFKA_SASL_USERNAME", "spotwise-watcher", "SPOTWISE_KAFKA_SASL_PASSWORD_FILE", password.toString(),
                "SPOTWISE_KAFKA_TRUSTSTORE_FILE", ca.toString()), CommonKeys.all());

        assertThat(c.kafka()).containsEntry("bootstrap.servers", "kafka:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"spotwise-watcher\" password=\"s3cr\\\"et\";")
                .containsEntry("ssl.truststore.location", ca.toString())
                .containsEntry("ssl.truststore.type", "PEM");
        assertThat(c.describe()).contains("SPOTWISE_KAFKA_SASL_PASSWORD_FILE=" + password).doesNotContain("s3cr");
    }

    @Test
    @DisplayName("mutual TLS with Strimzi's user.p12 and user.password")
    void mutualTls() throws Exception {
        Path p12 = Files.write(dir.resolve("user.p12"), new byte[] {1});
        Path pw = Files.writeString(dir.resolve("user.password"), "pw");
        Map<String, String> kafka = Config.from(Map.of("SPOTWISE_KAFKA_SECURITY_PROTOCOL", "SSL",
                "SPOTWISE_KAFKA_KEYSTORE_FILE", p12.toString(), "SPOTWISE_KAFKA_KEYSTORE_PASSWORD_FILE", pw.toString()), CommonKeys.all()).kafka();
        assertThat(kafka).containsEntry("security.protocol", "SSL").containsEntry("ssl.keystore.type", "PKCS12")
                .containsEntry("ssl.keystore.password", "pw").doesNotContainKey("sasl.jaas.config");
    }

    @Test
    @DisplayName("without typed keys the KAFKA_* pass-through decides, as before")
    void passThrough() {
        Map<String, String> kafka = Config.from(Map.of("KAFKA_SECURITY_PROTOCOL", "SSL"), CommonKeys.all()).kafka();
        assertThat(kafka).containsEntry("security.protocol", "SSL").doesNotContainKey("sasl.mechanism");
    }

    @Test
    @DisplayName("bad combinations stop the start with one line naming the key, never a secret")
    void refused() throws Exception {
        Map<String, String> sasl = new HashMap<>(Map.of("SPOTWISE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "SPOTWISE_KAFKA_SASL_USERNAME", "u"));
        assertThatThrownBy(() -> Config.from(sasl, CommonKeys.all())).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: SPOTWISE_KAFKA_SASL_PASSWORD_FILE is required with SPOTWISE_KAFKA_SECURITY_PROTOCOL=SASL_SSL");
        sasl.put("SPOTWISE_KAFKA_SASL_PASSWORD_FILE", dir.resolve("missing").toString());
        assertThatThrownBy(() -> Config.from(sasl, CommonKeys.all())).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Invalid configuration: SPOTWISE_KAFKA_SASL_PASSWORD_FILE=" + dir.resolve("missing") + " cannot be read");
        sasl.put("SPOTWISE_KAFKA_SASL_PASSWORD_FILE", Files.writeString(dir.resolve("pw"), "pw").toString());
        sasl.put("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        assertThatThrownBy(() -> Config.from(sasl, CommonKeys.all())).isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: SPOTWISE_KAFKA_SECURITY_PROTOCOL=SASL_SSL contradicts KAFKA_SECURITY_PROTOCOL=PLAINTEXT (set one of them)");
        assertThatThrownBy(() -> Config.from(Map.of("SPOTWISE_KAFKA_SASL_USERNAME", "u"), CommonKeys.all()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SPOTWISE_KAFKA_SASL_USERNAME is set but SPOTWISE_KAFKA_SECURITY_PROTOCOL=PLAINTEXT");
    }
}
