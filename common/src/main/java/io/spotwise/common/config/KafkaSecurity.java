package io.spotwise.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the typed {@code SPOTWISE_KAFKA_*} security keys into Kafka client settings: TLS (server verification and,
 * with a keystore, mutual TLS) and SASL (SCRAM or PLAIN). Passwords are read from files, so they come from mounted
 * Secrets and never appear in the environment or the effective-config log. {@code KAFKA_*} pass-through settings
 * still apply; a typed key that contradicts one stops the start.
 */
public final class KafkaSecurity {

    private KafkaSecurity() {
    }

    /** Client settings to add to the pass-through ones; empty for PLAINTEXT. */
    static Map<String, String> clientSettings(Function<ConfigKey<String>, String> get, Map<String, String> passThrough) {
        String protocol = get.apply(CommonKeys.KAFKA_SECURITY_PROTOCOL);
        Map<String, String> c = new LinkedHashMap<>();
        boolean sasl = protocol.startsWith("SASL_");
        boolean tls = protocol.endsWith("SSL");
        if (protocol.equals("PLAINTEXT")) {
            for (ConfigKey<String> k : new ConfigKey[] {CommonKeys.KAFKA_SASL_USERNAME, CommonKeys.KAFKA_SASL_PASSWORD_FILE,
                    CommonKeys.KAFKA_TRUSTSTORE_FILE, CommonKeys.KAFKA_KEYSTORE_FILE}) {
                if (!get.apply(k).isBlank()) {
                    throw new ConfigException("Invalid configuration: " + k.name() + " is set but " + CommonKeys.KAFKA_SECURITY_PROTOCOL.name()
                            + "=PLAINTEXT (use SASL_SSL, SSL or SASL_PLAINTEXT)");
                }
            }
            return c;
        }
        String given = passThrough.get("security.protocol");
        if (given != null && !given.equalsIgnoreCase(protocol)) {
            throw new ConfigException("Invalid configuration: " + CommonKeys.KAFKA_SECURITY_PROTOCOL.name() + "=" + protocol
                    + " contradicts KAFKA_SECURITY_PROTOCOL=" + given + " (set one of them)");
        }
        c.put("security.protocol", protocol);
        if (sasl) {
            String user = required(get, CommonKeys.KAFKA_SASL_USERNAME, protocol);
            String password = secret(required(get, CommonKeys.KAFKA_SASL_PASSWORD_FILE, protocol), CommonKeys.KAFKA_SASL_PASSWORD_FILE);
            String mechanism = get.apply(CommonKeys.KAFKA_SASL_MECHANISM);
            String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                    : "org.apache.kafka.common.security.scram.ScramLoginModule";
            c.put("sasl.mechanism", mechanism);
            c.put("sasl.jaas.config", module + " required username=\"" + quoted(user) + "\" password=\"" + quoted(password) + "\";");
        }
        store(get, c, "truststore", CommonKeys.KAFKA_TRUSTSTORE_FILE, CommonKeys.KAFKA_TRUSTSTORE_PASSWORD_FILE, tls, protocol);
        store(get, c, "keystore", CommonKeys.KAFKA_KEYSTORE_FILE, CommonKeys.KAFKA_KEYSTORE_PASSWORD_FILE, tls, protocol);
        return c;
    }

    private static void store(Function<ConfigKey<String>, String> get, Map<String, String> c, String kind, ConfigKey<String> file,
                              ConfigKey<String> passwordFile, boolean tls, String protocol) {
        String location = get.apply(file);
        if (location.isBlank()) {
            return;
        }
        if (!tls) {
            throw new ConfigException("Invalid configuration: " + file.name() + " is set but " + CommonKeys.KAFKA_SECURITY_PROTOCOL.name()
                    + "=" + protocol + " does not use TLS");
        }
        if (!Files.isReadable(Path.of(location))) {
            throw new ConfigException("Invalid configuration: " + file.name() + "=" + location + " cannot be read");
        }
        c.put("ssl." + kind + ".location", location);
        c.put("ssl." + kind + ".type", storeType(location));
        if (!get.apply(passwordFile).isBlank()) {
            c.put("ssl." + kind + ".password", secret(get.apply(passwordFile), passwordFile));
        }
    }

    static String storeType(String location) {
        String l = location.toLowerCase(Locale.ROOT);
        if (l.endsWith(".p12") || l.endsWith(".pfx")) {
            return "PKCS12";
        }
        return l.endsWith(".jks") ? "JKS" : "PEM";
    }

    private static String required(Function<ConfigKey<String>, String> get, ConfigKey<String> key, String protocol) {
        String v = get.apply(key);
        if (v.isBlank()) {
            throw new ConfigException("Invalid configuration: " + key.name() + " is required with "
                    + CommonKeys.KAFKA_SECURITY_PROTOCOL.name() + "=" + protocol);
        }
        return v.trim();
    }

    /** The file's content without its trailing newline; the message names the key and file, never the content. */
    private static String secret(String file, ConfigKey<String> key) {
        try {
            String s = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
            if (s.isEmpty()) {
                throw new ConfigException("Invalid configuration: " + key.name() + "=" + file + " is empty");
            }
            return s;
        } catch (IOException e) {
            throw new ConfigException("Invalid configuration: " + key.name() + "=" + file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String quoted(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /**
     * The environment that points a service at a SASL_SSL Kafka with its own credentials: what k8s/ and the sandbox
     * set, and what tests pass to the config classes.
     */
    public static Map<String, String> saslSslEnvironment(String bootstrapServers, String username, Path passwordFile, Path truststore) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        env.put(CommonKeys.KAFKA_SECURITY_PROTOCOL.name(), "SASL_SSL");
        env.put(CommonKeys.KAFKA_SASL_MECHANISM.name(), "SCRAM-SHA-512");
        env.put(CommonKeys.KAFKA_SASL_USERNAME.name(), username);
        env.put(CommonKeys.KAFKA_SASL_PASSWORD_FILE.name(), passwordFile.toString());
        env.put(CommonKeys.KAFKA_TRUSTSTORE_FILE.name(), truststore.toString());
        return env;
    }
}
