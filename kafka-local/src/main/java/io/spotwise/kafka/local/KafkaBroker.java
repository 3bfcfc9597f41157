package io.spotwise.kafka.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apache Kafka broker (KRaft, combined broker + controller, Kafka 4.1) in its own JVM, on the classpath that
 * this module writes to {@code target/kafka-broker.cp}. Used by tests (free ports, temporary data directory, deleted
 * on close) and by the local run (fixed ports, kept data directory).
 *
 * <p>{@link #start()} returns only once the broker logged "Kafka Server started", i.e. it really serves, not merely
 * listens. The broker JVM exits by itself when the JVM that started it dies.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String READY_LINE = "Kafka Server started";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int port;
    private final int controllerPort;
    private final BrokerSecurity security;
    private final int openPort;
    private Process process;
    private final Thread shutdownHook;

    private KafkaBroker(Path dataDir, boolean deleteOnClose, int port, int controllerPort, BrokerSecurity security, int openPort) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.controllerPort = controllerPort;
        this.security = security;
        this.openPort = openPort;
        this.shutdownHook = new Thread(this::destroyProcess, "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A broker for one test run: free ports, a temporary data directory deleted on {@link #close()}. */
    public static KafkaBroker start() {
        try {
            KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("spotwise-kafka-"), true, FreePort.pick(), FreePort.pick(), null, 0);
            broker.startProcess();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
    }

    /**
     * A broker for one test run with authentication and authorisation on ({@link BrokerSecurity}): SASL_SSL with
     * SCRAM-SHA-512 on {@link #bootstrapServers()}, the standard authorizer denying whatever no ACL allows, and an
     * unauthenticated listener on {@link #openBootstrapServers()} where clients are {@code User:ANONYMOUS}.
     */
    public static KafkaBroker startSecured(BrokerSecurity security) {
        try {
            KafkaBroker broker = new KafkaBroker(Files.createTempDirectory("spotwise-kafka-"), true, FreePort.pick(), FreePort.pick(), security, FreePort.pick());
            broker.startProcess();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's data directory", e);
        }
    }

    /** The unauthenticated listener of a secured broker (where everyone is User:ANONYMOUS). */
    public String openBootstrapServers() {
        if (security == null) {
            throw new IllegalStateException("not a secured broker: every client is anonymous on " + bootstrapServers());
        }
        return "localhost:" + openPort;
    }

    /** The security of a broker from {@link #startSecured}, or null. */
    public BrokerSecurity security() {
        return security;
    }

    /** A broker on fixed ports with a kept data directory (formatted on first use), for local runs. */
    public static KafkaBroker startPersistent(Path dataDir, int port, int controllerPort) {
        KafkaBroker broker = new KafkaBroker(dataDir, false, port, controllerPort, null, 0);
        broker.startProcess();
        return broker;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker JVM, keeping its data, so a test can see how clients ride out an outage. */
    public synchronized void stop() {
        destroyProcess();
    }

    /** Starts the broker again on the same ports and data after {@link #stop()}. */
    public synchronized void restart() {
        if (isRunning()) {
            throw new IllegalStateException("broker is running");
        }
        startProcess();
    }

    @Override
    public synchronized void close() {
        destroyProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: the process is being destroyed anyway
        }
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private synchronized void startProcess() {
        try {
            Files.createDirectories(dataDir);
            if (security != null) {
                security.prepare(dataDir, System.getProperty("java.home"));
            }
            Path props = writeServerProperties();
            Path log4j = writeLog4jConfig();
            String cp = brokerClasspath();
            Path logFile = dataDir.resolve("broker.log");
            if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
                List<String> format = new ArrayList<>(List.of(javaBin(), "-cp", cp, "-Dlog4j2.configurationFile=" + log4j,
                        "kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId(), "-c", props.toString()));
                if (security != null) {
                    format.addAll(security.formatArguments());
                }
                run(format, logFile);
            }
            long linesBefore = Files.exists(logFile) ? countReadyLines(logFile) : 0;
            List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dlog4j2.configurationFile=" + log4j, "-cp", cp));
            cmd.addAll(List.of(ChildMain.arguments("kafka.Kafka")));
            cmd.add(props.toString());
            process = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            awaitReady(logFile, linesBefore);
        } catch (IOException e) {
            destroyProcess();
            throw new UncheckedIOException("cannot start the Kafka broker in " + dataDir, e);
        }
    }

    private void awaitReady(Path logFile, long readyLinesBefore) throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (countReadyLines(logFile) > readyLinesBefore) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with code " + process.exitValue() + " before it was ready; log: " + logFile + "\n" + tail(logFile));
            }
            try {
                process.waitFor(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
            }
        }
        destroyProcess();
        throw new IllegalStateException("Kafka broker not ready after " + START_TIMEOUT.toSeconds() + " s; log: " + logFile + "\n" + tail(logFile));
    }

    private static long countReadyLines(Path logFile) throws IOException {
        if (!Files.exists(logFile)) {
            return 0;
        }
        try (Stream<String> lines = Files.lines(logFile, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(READY_LINE)).count();
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private void destroyProcess() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private static void run(List<String> cmd, Path logFile) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka storage failed; log: " + logFile + "\n" + tail(logFile));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the Kafka storage", e);
        }
    }

    private Path writeServerProperties() throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "process.roles=broker,controller",
                "node.id=1",
                "controller.listener.names=CONTROLLER",
                "controller.quorum.bootstrap.servers=localhost:" + controllerPort,
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "log.cleaner.backoff.ms=1000"));
        if (security == null) {
            lines.addAll(List.of(
                    "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
                    "advertised.listeners=PLAINTEXT://localhost:" + port,
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                    "inter.broker.listener.name=PLAINTEXT"));
        } else {
            lines.addAll(security.serverProperties(port, openPort, controllerPort));
        }
        lines.add("");
        Path file = dataDir.resolve("server.properties");
        Files.writeString(file, String.join("\n", lines));
        return file;
    }

    private Path writeLog4jConfig() throws IOException {
        String cfg = String.join("\n",
                "status = error",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "logger.kafka.name = kafka",
                "logger.kafka.level = info",
                "logger.state.name = state.change.logger",
                "logger.state.level = warn",
                "logger.cleaner.name = kafka.log.LogCleaner",
                "logger.cleaner.level = warn",
                "");
        Path file = dataDir.resolve("log4j2.properties");
        Files.writeString(file, cfg);
        return file;
    }

    /** The broker classpath: the file this module writes, plus this module's own classes for {@link ChildMain}. */
    static String brokerClasspath() throws IOException {
        Path cpFile = locateClasspathFile();
        String cp = Files.readString(cpFile).trim();
        String self = Paths.get(URIs.codeSource(ChildMain.class)).toString();
        return self + File.pathSeparator + cp;
    }

    private static Path locateClasspathFile() {
        String prop = System.getProperty("kafka.broker.cp");
        if (prop != null && Files.isRegularFile(Path.of(prop))) {
            return Path.of(prop);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("kafka-local/target/kafka-broker.cp");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("kafka-local/target/kafka-broker.cp not found (system property kafka.broker.cp="
                + prop + "); build it with ./mvnw -pl kafka-local package");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
