package io.spotwise.sandbox;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every service JVM the sandbox starts: runs the service's real {@code main} and halts as soon as the
 * sandbox JVM (the parent) is gone, so a killed test run or a Ctrl-C never leaves services running.
 *
 * <p>Usage: {@code ChildMain <parent-pid> <main-class> [args...]}
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Exception {
        long parent = Long.parseLong(args[0]);
        ProcessHandle.of(parent).ifPresentOrElse(
                p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(0)),
                () -> Runtime.getRuntime().halt(0));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }
}
