package io.spotwise.sandbox;

import io.spotwise.common.config.CommonKeys;
import io.spotwise.common.config.KafkaSecurity;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.common.kafka.KafkaAccess;
import io.spotwise.common.kafka.TopicBootstrap;
import io.spotwise.contract.topic.ClusterId;
import io.spotwise.kafka.local.BrokerSecurity;
import io.spotwise.kafka.local.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The local stack's Kafka: plaintext (the demo: say so), or authenticated and authorised as in production (the
 * end-to-end tests): SASL_SSL with SCRAM, one principal per service with exactly the ACLs of {@link KafkaAccess},
 * topics created by the admin beforehand (the services do not create topics then), passwords in files.
 */
public final class StackKafka {

    static final int PARTITIONS = 3;

    private final boolean secured;
    private final KafkaBroker shared;
    private Path secrets;
    private Fleet fleet = Fleet.DEFAULT;

    private StackKafka(boolean secured, KafkaBroker shared) {
        this.secured = secured;
        this.shared = shared;
    }

    private StackKafka(boolean secured) {
        this(secured, null);
    }

    /**
     * A plaintext broker that is already running and outlives the stack: several stacks (each its own simulated
     * cluster with its own SPOTWISE_CLUSTER_ID) on one Kafka, as a fleet runs (docs/fleet.md).
     */
    public static StackKafka on(KafkaBroker broker) {
        return new StackKafka(false, broker);
    }

    /** False for a broker given by {@link #on}: closing the stack leaves it running. */
    boolean ownsBroker() {
        return shared == null;
    }

    /** No authentication, no ACLs: for {@code ./spotwise demo} and {@code up}. */
    public static StackKafka plaintext() {
        return new StackKafka(false);
    }

    /** Authentication and ACLs on. */
    public static StackKafka authenticated() {
        return new StackKafka(true);
    }

    public boolean secured() {
        return secured;
    }

    KafkaBroker start(StackSettings s) {
        fleet = Fleet.of(s.extraEnv().getOrDefault(CommonKeys.CLUSTER_ID.name(), ClusterId.DEFAULT),
                s.extraEnv().getOrDefault(CommonKeys.TOPIC_PREFIX.name(), ""));
        if (shared != null) {
            return shared;
        }
        if (!secured) {
            return s.brokerPort() > 0 ? KafkaBroker.startPersistent(s.home().resolve("kafka"), s.brokerPort(), s.brokerPort() + 1) : KafkaBroker.start();
        }
        if (s.brokerPort() > 0) {
            throw new IllegalArgumentException("an authenticated stack runs a throw-away broker on free ports (brokerPort 0)");
        }
        Map<String, String> users = new LinkedHashMap<>();
        KafkaAccess.all(fleet).forEach(a -> users.put(a.user(), BrokerSecurity.randomSecret()));
        try {
            secrets = Files.createDirectories(s.home().resolve("kafka-secrets"));
            for (Map.Entry<String, String> u : users.entrySet()) {
                Files.writeString(secrets.resolve(u.getKey() + ".password"), u.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka passwords", e);
        }
        KafkaBroker broker = KafkaBroker.startSecured(BrokerSecurity.withUsers(users));
        try (Admin admin = Admin.create(adminSettings(broker))) {
            TopicBootstrap.ensure(admin, fleet.topics().specs(PARTITIONS, (short) 1, Duration.ofDays(7)), true, 60_000);
            KafkaAccess.grantAll(admin, fleet, 60_000);
        } catch (Exception e) {
            broker.close();
            throw new IllegalStateException("cannot create the topics and ACLs on the secured broker: " + e, e);
        }
        return broker;
    }

    /** What the service ({@code watcher}, {@code decider}, {@code actuator}) needs to reach Kafka as itself. */
    Map<String, String> environment(KafkaBroker broker, String service) {
        if (!secured) {
            return Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        }
        String user = fleet.kafkaId(service);
        Map<String, String> env = new HashMap<>(KafkaSecurity.saslSslEnvironment(broker.bootstrapServers(), user,
                secrets.resolve(user + ".password"), broker.security().certificateFile()));
        env.put("SPOTWISE_TOPIC_CREATE", "false"); // created by the admin; no service has CREATE
        return env;
    }

    /** Client settings with full access (tests that read topics): just the address when plaintext. */
    public static Map<String, Object> adminSettings(KafkaBroker broker) {
        if (broker.security() == null) {
            return Map.of("bootstrap.servers", broker.bootstrapServers());
        }
        return new HashMap<>(broker.security().adminClientSettings(broker.bootstrapServers()));
    }
}
