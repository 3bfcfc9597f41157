package io.spotwise.sandbox.e2e;

import io.spotwise.sandbox.Stack;
import io.spotwise.sandbox.StackKafka;
import io.spotwise.sandbox.StackSettings;
import io.spotwise.sim.api.RecordedApiRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static Map<String, String> stackEnv = Map.of();
    /** API requests recorded by stacks already closed in this JVM, so a check over the whole suite sees them all. */
    private static final List<RecordedApiRequest> REQUESTS_OF_CLOSED_STACKS = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        stack();
    }

    public static synchronized Stack stack() {
        return stack(Map.of());
    }

    /**
     * The stack with these extra environment variables for every service (e.g. another SPOTWISE_PREFIX): the running
     * one if it has them, else the running one is closed (never two stacks at once on a small machine) and a new
     * one started.
     */
    public static synchronized Stack stack(Map<String, String> env) {
        if (stack != null && !stackEnv.equals(env)) {
            REQUESTS_OF_CLOSED_STACKS.addAll(stack.sim().requests());
            stack.close();
            stack = null;
        }
        if (stack == null) {
            try {
                Path home = Files.createTempDirectory("spotwise-e2e-");
                // JSON log lines, as a log pipeline would read them (LogFormatEndToEndIT checks them)
                Map<String, String> withJsonLogs = new HashMap<>(env);
                withJsonLogs.putIfAbsent("LOG_FORMAT", "json");
                stack = Stack.start(StackSettings.compressed(home).withEnv(withJsonLogs), StackKafka.authenticated());
                stackEnv = Map.copyOf(env);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Stack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (stack == started) { // a stack replaced by another one was closed already
                    started.close();
                }
            }, "e2e-stack-close"));
        }
        return stack;
    }

    /**
     * Every API request the services made in this JVM's end-to-end tests, across every stack started for them. Starts
     * or replaces no stack: the running one is read whatever its environment.
     */
    public static synchronized List<RecordedApiRequest> allRequests() {
        List<RecordedApiRequest> all = new ArrayList<>(REQUESTS_OF_CLOSED_STACKS);
        if (stack != null) {
            all.addAll(stack.sim().requests());
        }
        return all;
    }
}
