package io.spotwise.common.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's effective configuration, built from an environment map against the keys it declares. Kafka client
 * settings pass through by prefix: {@code KAFKA_BOOTSTRAP_SERVERS} becomes {@code bootstrap.servers}.
 */
public final class Config {

    public static final String KAFKA_PREFIX = "KAFKA_";
    private static final Logger LOG = LoggerFactory.getLogger(Config.class);

    private final Map<String, Object> values;
    private final List<ConfigKey<?>> keys;
    private final Map<String, String> kafka;
    private final Map<String, String> clients;
    private final List<String> deprecations;

    private Config(Map<String, Object> values, List<ConfigKey<?>> keys, Map<String, String> kafka, Map<String, String> clients,
                   List<String> deprecations) {
        this.deprecations = List.copyOf(deprecations);
        this.values = values;
        this.keys = keys;
        this.kafka = kafka;
        this.clients = clients;
    }

    /**
     * Builds the config; throws {@link ConfigException} naming the first bad key, or the first {@code SPOTWISE_*}
     * variable that is not among {@code keys} (with the closest declared key: a typo must not pass silently).
     */
    public static Config from(Map<String, String> env, List<ConfigKey<?>> keys) {
        UnknownKeys.refuse(env, keys.stream().flatMap(k -> Stream.concat(Stream.of(k.name()),
                k.formerNames().stream())).toList());
        Map<String, Object> values = new HashMap<>();
        List<String> deprecations = new ArrayList<>();
        for (ConfigKey<?> key : keys) {
            String raw = env.get(key.name());
            for (String former : key.formerNames()) {
                String old = env.get(former);
                if (old == null || old.isBlank()) {
                    continue;
                }
                if (raw == null || raw.isBlank()) {
                    raw = old;
                    deprecations.add(former + " is deprecated and will be removed in the next release: use " + key.name());
                } else {
                    deprecations.add(former + " is ignored: " + key.name() + " is set (rename " + former + " to " + key.name() + ")");
                }
            }
            if (raw == null || raw.isBlank()) {
                raw = key.defaultValue();
            }
            if (raw == null) {
                throw new ConfigException("Invalid configuration: " + key.name() + " is required (" + key.doc() + ")");
            }
            values.put(key.name(), key.parse(raw));
        }
        Map<String, String> kafka = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX) && v != null) {
                kafka.put(k.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        kafka.putIfAbsent("bootstrap.servers", "localhost:19092");
        Map<String, String> clients = new TreeMap<>(kafka);
        if (values.containsKey(CommonKeys.KAFKA_SECURITY_PROTOCOL.name())) {
            clients.putAll(KafkaSecurity.clientSettings(k -> (String) values.get(k.name()), kafka));
        }
        deprecations.forEach(LOG::warn);
        return new Config(values, List.copyOf(keys), Collections.unmodifiableMap(kafka), Collections.unmodifiableMap(clients),
                deprecations);
    }

    /** One line per former key name found in the environment, naming the key to use instead (also logged as WARN). */
    public List<String> deprecations() {
        return deprecations;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        if (!values.containsKey(key.name())) {
            throw new IllegalArgumentException("key " + key.name() + " is not declared by this service");
        }
        return (T) values.get(key.name());
    }

    /**
     * Kafka client properties: {@code KAFKA_*} variables ({@code bootstrap.servers} defaults to localhost:19092) plus
     * the settings of the typed {@code SPOTWISE_KAFKA_*} security keys ({@link KafkaSecurity}), with secrets read
     * from their files. Never log this map; {@link #describe()} is the loggable view.
     */
    public Map<String, String> kafka() {
        return clients;
    }

    /** Every key with its value, secrets masked, one per line: for the start-up log. */
    public String describe() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (ConfigKey<?> key : keys) {
            shown.put(key.name(), key.secret() ? "****" : String.valueOf(values.get(key.name())));
        }
        kafka.forEach((k, v) -> shown.put(KAFKA_PREFIX + k.toUpperCase(Locale.ROOT).replace('.', '_'), isSecret(k) ? "****" : v));
        List<String> lines = new ArrayList<>();
        shown.forEach((k, v) -> lines.add("  " + k + "=" + v));
        return String.join("\n", lines);
    }

    static boolean isSecret(String kafkaKey) {
        String k = kafkaKey.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.endsWith(".key") || k.contains("key.password");
    }
}
