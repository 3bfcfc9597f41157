package io.spotwise.sandbox.e2e;

import io.spotwise.sandbox.Stack;
import io.spotwise.sandbox.StackKafka;
import io.spotwise.sandbox.StackSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One whole stack (broker, simulated cluster, the three services as separate JVMs) for every end-to-end test class
 * of this JVM; tests isolate themselves by namespace. Closed when the JVM ends. Kafka runs with authentication and
 * ACLs on (SASL_SSL, one principal per service): every end-to-end test also proves the services work with only
 * their own credentials; read topics with {@link Stack#kafkaAdminSettings()}.
 */
public final class StackExtension implements BeforeAllCallback {

    private static Stack stack;

    @Override
    public void beforeAll(ExtensionContext context) {
        stack();
    }

    public static synchronized Stack stack() {
        if (stack == null) {
            try {
                Path home = Files.createTempDirectory("spotwise-e2e-");
                stack = Stack.start(StackSettings.compressed(home), StackKafka.authenticated());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Stack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "e2e-stack-close"));
        }
        return stack;
    }
}
