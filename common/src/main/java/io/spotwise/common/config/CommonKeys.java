package io.spotwise.common.config;

import io.spotwise.contract.topic.ClusterId;
import io.spotwise.contract.topic.TopicNames;
import java.time.Duration;
import java.util.List;

/** Keys every service declares. */
public final class CommonKeys {

    public static final ConfigKey<String> PREFIX = ConfigKey.nonEmpty("SPOTWISE_PREFIX", "spotwise.io",
            "prefix of every Spotwise label, annotation, node selector and taint key");
    public static final ConfigKey<String> CLUSTER_ID = ConfigKey.matching("SPOTWISE_CLUSTER_ID", ClusterId.DEFAULT, ClusterId::valid,
            "a DNS label (a-z, 0-9 and '-', at most 63, alphanumeric at both ends)",
            "this Kubernetes cluster's id in a fleet sharing one Kafka (docs/fleet.md): in every record, and in the default topic names and transactional ids");
    public static final ConfigKey<String> TOPIC_PREFIX = ConfigKey.matching("SPOTWISE_TOPIC_PREFIX", "",
            p -> p.isEmpty() || TopicNames.validPrefix(p), "empty or 1-200 of a-z A-Z 0-9 . _ -",
            "prefix of the six topic names; empty: spotwise. for cluster 'default', spotwise.<cluster-id>. otherwise");
    public static final ConfigKey<Integer> TOPIC_PARTITIONS = ConfigKey.integer("SPOTWISE_TOPIC_PARTITIONS", 6, 1, 10_000,
            "partitions of topics created at start (the two state topics must share one count)");
    public static final ConfigKey<Integer> TOPIC_REPLICATION_FACTOR = ConfigKey.integer("SPOTWISE_TOPIC_REPLICATION_FACTOR", 1, 1, 16,
            "replication factor of topics created at start (use 3 in production)");
    public static final ConfigKey<Duration> TOPIC_RETENTION = ConfigKey.duration("SPOTWISE_TOPIC_RETENTION", "168h",
            "retention of spotwise.actions, spotwise.outcomes and spotwise.dead-letter");
    public static final ConfigKey<Boolean> TOPIC_CREATE = ConfigKey.bool("SPOTWISE_TOPIC_CREATE", true,
            "create missing topics at start (turn off where topics are managed elsewhere, e.g. Strimzi KafkaTopic)");
    public static final ConfigKey<String> INSTANCE = ConfigKey.string("SPOTWISE_INSTANCE", hostname(),
            "this replica's name (the pod name, from the Downward API)");
    public static final ConfigKey<String> NAMESPACE = ConfigKey.nonEmpty("SPOTWISE_NAMESPACE", "spotwise",
            "namespace Spotwise runs in (its Leases live there)");
    public static final ConfigKey<Duration> START_TIMEOUT = ConfigKey.duration("SPOTWISE_START_TIMEOUT", "2m",
            "how long start-up may take (waiting for Kafka included) before the service exits with one line naming the cause")
            .formerly("SPOTWISE_WATCHER_STARTUP_TIMEOUT", "SPOTWISE_KAFKA_START_TIMEOUT");
    public static final ConfigKey<Duration> SHUTDOWN_TIMEOUT = ConfigKey.duration("SPOTWISE_SHUTDOWN_TIMEOUT", "10s",
            "how long an orderly shutdown may take before the process exits anyway");
    /** Read by logback.xml (the appender's name); declared so that a bad value stops the service at start. */
    public static final ConfigKey<String> LOG_FORMAT = ConfigKey.oneOf("LOG_FORMAT", "text",
            "log line format: text, or json (one JSON object per line with workload and action_id fields)", "text", "json");
    public static final ConfigKey<Integer> METRICS_WORKLOAD_LIMIT = ConfigKey.integer("SPOTWISE_METRICS_WORKLOAD_LIMIT", 500, 0, 100_000,
            "at most this many workloads get per-workload metric series (decider: the most deviating, actuator: the most recently acted on; 0: none)");

    // Kafka authentication (KafkaSecurity). Secrets are read from files (mounted Secrets), never from the environment.
    public static final ConfigKey<String> KAFKA_SECURITY_PROTOCOL = ConfigKey.oneOf("SPOTWISE_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT",
            "how the Kafka clients connect; PLAINTEXT leaves it to KAFKA_SECURITY_PROTOCOL (default PLAINTEXT)",
            "PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    public static final ConfigKey<String> KAFKA_SASL_MECHANISM = ConfigKey.oneOf("SPOTWISE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
            "SASL mechanism with SASL_SSL / SASL_PLAINTEXT", "SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");
    public static final ConfigKey<String> KAFKA_SASL_USERNAME = ConfigKey.string("SPOTWISE_KAFKA_SASL_USERNAME", "",
            "SASL user (the service's principal, e.g. spotwise-watcher); required with SASL_*");
    public static final ConfigKey<String> KAFKA_SASL_PASSWORD_FILE = ConfigKey.string("SPOTWISE_KAFKA_SASL_PASSWORD_FILE", "",
            "file holding the SASL password (a mounted Secret key); required with SASL_*");
    public static final ConfigKey<String> KAFKA_TRUSTSTORE_FILE = ConfigKey.string("SPOTWISE_KAFKA_TRUSTSTORE_FILE", "",
            "CA certificates the brokers' certificates are checked against: PEM (.crt/.pem), PKCS12 (.p12/.pfx) or JKS (.jks); empty: the JDK's");
    public static final ConfigKey<String> KAFKA_TRUSTSTORE_PASSWORD_FILE = ConfigKey.string("SPOTWISE_KAFKA_TRUSTSTORE_PASSWORD_FILE", "",
            "file holding the truststore password (PKCS12 / JKS)");
    public static final ConfigKey<String> KAFKA_KEYSTORE_FILE = ConfigKey.string("SPOTWISE_KAFKA_KEYSTORE_FILE", "",
            "client certificate and key for mutual TLS: PKCS12 (.p12, e.g. Strimzi's user.p12), JKS, or PEM with key and chain");
    public static final ConfigKey<String> KAFKA_KEYSTORE_PASSWORD_FILE = ConfigKey.string("SPOTWISE_KAFKA_KEYSTORE_PASSWORD_FILE", "",
            "file holding the keystore password (e.g. Strimzi's user.password)");

    private CommonKeys() {
    }

    public static List<ConfigKey<?>> all() {
        return List.of(PREFIX, CLUSTER_ID, TOPIC_PREFIX, TOPIC_PARTITIONS, TOPIC_REPLICATION_FACTOR, TOPIC_RETENTION, TOPIC_CREATE, INSTANCE, NAMESPACE,
                KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD_FILE,
                KAFKA_TRUSTSTORE_FILE, KAFKA_TRUSTSTORE_PASSWORD_FILE, KAFKA_KEYSTORE_FILE, KAFKA_KEYSTORE_PASSWORD_FILE,
                METRICS_WORKLOAD_LIMIT, LOG_FORMAT, START_TIMEOUT, SHUTDOWN_TIMEOUT);
    }

    /** The per-service ops port key with the service's own default. */
    public static ConfigKey<Integer> opsPort(int defaultPort) {
        return ConfigKey.integer("SPOTWISE_OPS_PORT", defaultPort, 0, 65535, "port of /healthz, /readyz and /metrics (0: any free port)");
    }

    private static String hostname() {
        String h = System.getenv("HOSTNAME");
        return h == null || h.isBlank() ? "local" : h;
    }
}
