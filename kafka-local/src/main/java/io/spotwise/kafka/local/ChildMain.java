package io.spotwise.kafka.local;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every JVM a test or the sandbox starts (the Kafka broker, the three services): runs the real
 * {@code main} and, given a parent pid, halts as soon as that process is gone, so a test JVM that dies (even by
 * SIGKILL) or a Ctrl-C never leaves an orphan behind. The parent-pid watchdog, written once.
 *
 * <p>Usage: {@code ChildMain <parent-pid|0> <main-class> [args...]} (0: no watchdog).
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        watchParent(Long.parseLong(args[0]));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }

    /** Halts this JVM once the process {@code parent} has ended (at once if it is gone already); 0 or less: never. */
    static void watchParent(long parent) {
        if (parent > 0) {
            ProcessHandle.of(parent).ifPresentOrElse(
                    p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                    () -> Runtime.getRuntime().halt(0));
        }
    }

    /** The arguments that start {@code mainClass} under this watchdog of the current JVM. */
    public static String[] arguments(String mainClass) {
        return new String[] {ChildMain.class.getName(), Long.toString(ProcessHandle.current().pid()), mainClass};
    }
}
