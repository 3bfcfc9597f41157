package io.spotwise.kafka.local;

import java.lang.reflect.Method;

/**
 * Entry point of the broker JVM: starts {@code kafka.Kafka} and, when given a parent pid, exits as soon as that
 * process is gone, so a test JVM that dies (even by SIGKILL) never leaves an orphan broker behind.
 *
 * <p>Usage: {@code BrokerMain <parent-pid|0> <server.properties>}
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        long parent = Long.parseLong(args[0]);
        if (parent > 0) {
            ProcessHandle.of(parent).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                    () -> Runtime.getRuntime().halt(0));
        }
        Method main = Class.forName("kafka.Kafka").getMethod("main", String[].class);
        main.invoke(null, (Object) new String[] {args[1]});
    }
}
