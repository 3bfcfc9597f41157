package io.spotwise.sandbox;

import io.spotwise.kafka.local.ChildMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Spotwise service (watcher, decider, actuator) running as its own JVM, exactly as it would in a container: its
 * own environment, its own log file, probed through its {@code /readyz}. Can be stopped gracefully (SIGTERM),
 * killed (SIGKILL: a crash) and started again.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final String mainClass;
    private final Map<String, String> env;
    private final int opsPort;
    private final Path logFile;
    private final String classpath;
    private Process process;

    public ServiceProcess(String name, String mainClass, Map<String, String> env, int opsPort, Path logDir, String classpath) {
        this.name = name;
        this.mainClass = mainClass;
        this.env = Map.copyOf(env);
        this.opsPort = opsPort;
        this.logFile = logDir.resolve(name + ".log");
        this.classpath = classpath;
    }

    public String name() {
        return name;
    }

    /** The classpath this service's JVM runs with. */
    public String classpath() {
        return classpath;
    }

    public int opsPort() {
        return opsPort;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", jitFlag(), "-Xshare:auto",
                "-cp", classpath));
        cmd.addAll(List.of(ChildMain.arguments(mainClass)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // A service refuses SPOTWISE_* keys it does not declare: pass only this service's own, never the launcher's
        // (./spotwise reads SPOTWISE_HOME).
        pb.environment().keySet().removeIf(k -> k.startsWith("SPOTWISE_"));
        pb.environment().putAll(env);
        try {
            Files.createDirectories(logFile.getParent());
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        LOG.info("Started {} (pid {}), log {}", name, process.pid(), logFile);
    }

    /**
     * C1 only by default: the services start fast, which is all a demo needs, but answer several times slower
     * (docs/benchmarks.md). {@code SPOTWISE_SERVICE_JIT=full} (read by the launcher) gives the JVM's full JIT, for any
     * run whose speed is measured.
     */
    static String jitFlag() {
        String jit = System.getenv().getOrDefault("SPOTWISE_SERVICE_JIT", "quick");
        return switch (jit) {
            case "quick" -> "-XX:TieredStopAtLevel=1";
            case "full" -> "-XX:+TieredCompilation";
            default -> throw new IllegalArgumentException("SPOTWISE_SERVICE_JIT must be quick or full, not '" + jit + "'");
        };
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id of the running JVM, -1 when none runs. */
    public synchronized long pid() {
        return isRunning() ? process.pid() : -1;
    }

    /** The exit status of the process that ended, or "?" while it runs or when none was started. */
    public synchronized String exitStatus() {
        Process p = process;
        return p == null || p.isAlive() ? "?" : Integer.toString(p.exitValue());
    }

    /** Waits until {@code /readyz} answers 200; fails with the log's tail if the process dies or the timeout passes. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!isRunning()) {
                throw new IllegalStateException(name + " exited with code " + (process == null ? "?" : process.exitValue()) + "\n" + tail(40));
            }
            if (probe("/readyz") == 200) {
                return;
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s\n" + tail(40));
    }

    /** HTTP status of an ops endpoint, or -1 when nothing answers. */
    public int probe(String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + opsPort + path)).timeout(Duration.ofSeconds(2)).build();
            return HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The Prometheus text of {@code /metrics}. */
    public String metrics() {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + opsPort + "/metrics")).timeout(Duration.ofSeconds(5)).build();
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metrics of " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * SIGTERM and wait: the service's shutdown hook runs. Returns the exit status (143 when the JVM ended on the
     * SIGTERM by itself, 137 when it had to be killed), or -1 when it was not running.
     */
    public synchronized int stop() {
        return end(false);
    }

    /** SIGKILL: no shutdown hook, as in a crash or an OOM kill. */
    public synchronized void kill() {
        end(true);
    }

    private int end(boolean force) {
        if (process == null) {
            return -1;
        }
        Process ending = process;
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                LOG.warn("{} did not stop within 20 s; killing it", name);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
        return ending.isAlive() ? -1 : ending.exitValue();
    }

    /** The log's lines from line {@code from} (0-based) on: what a service logged since {@link #logLines()} was read. */
    public List<String> logSince(int from) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return all.subList(Math.min(from, all.size()), all.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    /** How many lines the log has now. */
    public int logLines() {
        return Files.exists(logFile) ? logSince(0).size() : 0;
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
    }
}
