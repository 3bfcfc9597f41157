package io.spotwise.common.testing;

import io.spotwise.kafka.local.KafkaBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real Kafka broker for the whole test JVM: started by the first test class that uses
 * {@code @ExtendWith(SharedKafkaBroker.class)}, stopped when the JVM ends (and, through the broker's parent-pid
 * watch, even when it dies). Tests isolate themselves by topic data and consumer group names, not by broker.
 * A test that stops the shared broker (to test an outage) must restart it before it ends.
 */
public final class SharedKafkaBroker implements BeforeAllCallback {

    private static KafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) {
        broker();
    }

    public static synchronized KafkaBroker broker() {
        if (broker == null) {
            broker = KafkaBroker.start();
            KafkaBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-broker-close"));
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }
}
