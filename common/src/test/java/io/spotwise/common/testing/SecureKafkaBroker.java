package io.spotwise.common.testing;

import io.spotwise.common.config.KafkaSecurity;
import io.spotwise.common.kafka.KafkaAccess;
import io.spotwise.common.kafka.TopicBootstrap;
import io.spotwise.contract.topic.Topics;
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
 * One real broker with authentication and ACLs on for the test JVM (SASL_SSL + SCRAM-SHA-512, standard authorizer,
 * no ACL means no access): the three service principals with generated passwords, the topics created by the admin
 * and exactly the ACLs of {@link KafkaAccess}. Tests reach it as a service would, through {@link #environment}.
 */
public final class SecureKafkaBroker {

    private static KafkaBroker broker;
    private static Path secrets;

    private SecureKafkaBroker() {
    }

    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            Map<String, String> users = new LinkedHashMap<>();
            KafkaAccess.all().forEach(a -> users.put(a.user(), BrokerSecurity.randomSecret()));
            try {
                secrets = Files.createTempDirectory("spotwise-kafka-secrets-");
                for (Map.Entry<String, String> u : users.entrySet()) {
                    Files.writeString(secrets.resolve(u.getKey() + ".password"), u.getValue() + "\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            KafkaBroker started = KafkaBroker.startSecured(BrokerSecurity.withUsers(users));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "secure-kafka-broker-close"));
            try (Admin admin = Admin.create(adminSettings(started))) {
                TopicBootstrap.ensure(admin, Topics.all(3, (short) 1, Duration.ofDays(7)), true, 60_000);
                KafkaAccess.grantAll(admin, 60_000);
            } catch (Exception e) {
                started.close();
                throw new IllegalStateException("cannot provision the secured broker: " + e, e);
            }
            broker = started;
        }
        return broker;
    }

    /** The environment a service of this principal gets: SASL_SSL, its user, its password file, the broker's CA. */
    public static Map<String, String> environment(String user) {
        KafkaBroker b = broker();
        return KafkaSecurity.saslSslEnvironment(b.bootstrapServers(), user, secrets.resolve(user + ".password"),
                b.security().certificateFile());
    }

    public static Map<String, Object> adminSettings(KafkaBroker b) {
        return new HashMap<>(b.security().adminClientSettings(b.bootstrapServers()));
    }
}
