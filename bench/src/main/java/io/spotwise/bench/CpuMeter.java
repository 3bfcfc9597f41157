package io.spotwise.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used so far by each process of the stack, read from the OS ({@code /proc} through {@link ProcessHandle}):
 * the three services and the Kafka broker are child JVMs of this one, told apart by their main class; this JVM runs
 * the simulated cluster (API server, controllers, scheduler, kubelet) and the benchmark's own watch.
 */
final class CpuMeter {

    static final List<String> ROLES = List.of("watcher", "decider", "actuator", "kafka", "sim+bench");

    private CpuMeter() {
    }

    /** CPU time per role now (a role with several processes is summed). */
    static Map<String, Duration> snapshot() {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        ROLES.forEach(r -> cpu.put(r, Duration.ZERO));
        ProcessHandle.current().children().forEach(p -> {
            String cmd = commandLine(p);
            String role = cmd.contains("io.spotwise.watcher.Main") ? "watcher"
                    : cmd.contains("io.spotwise.decider.Main") ? "decider"
                    : cmd.contains("io.spotwise.actuator.Main") ? "actuator"
                    : cmd.contains("kafka.Kafka") ? "kafka" : null;
            if (role != null) {
                cpu.merge(role, p.info().totalCpuDuration().orElse(Duration.ZERO), Duration::plus);
            }
        });
        cpu.put("sim+bench", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return cpu;
    }

    /** The full command line from /proc (ProcessHandle's is cut short by the services' long class path). */
    private static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return p.info().commandLine().orElse("");
        }
    }

    /** CPU seconds used per role between two snapshots. */
    static Map<String, Double> since(Map<String, Duration> before, Map<String, Duration> after) {
        Map<String, Double> used = new LinkedHashMap<>();
        for (String role : ROLES) {
            used.put(role, (after.getOrDefault(role, Duration.ZERO).toMillis() - before.getOrDefault(role, Duration.ZERO).toMillis()) / 1000.0);
        }
        return used;
    }

    /** The 1-minute load average, or -1 where /proc/loadavg does not exist. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
