package io.spotwise.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.decider.replay.ReplayMain;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./spotwise demo} runs the scenario and exits (0 when every phase was reached); {@code ./spotwise up} starts
 * everything for interactive use and keeps it running until Ctrl-C.
 */
public final class SpotwiseMain {

    private SpotwiseMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String mode = args.length == 0 ? "demo" : args[0];
        Path home = Path.of(System.getenv().getOrDefault("SPOTWISE_HOME", ".spotwise")).toAbsolutePath();
        Terminal terminal = Terminal.forStdout();
        try {
            ServiceProcess.jitFlag(); // a bad SPOTWISE_SERVICE_JIT stops here, before anything starts
            switch (mode) {
                case "demo" -> System.exit(demo(home, terminal) ? 0 : 1);
                case "up" -> up(home, terminal, port("SPOTWISE_KAFKA_PORT", 19092), port("SPOTWISE_API_PORT", 16443));
                case "replay" -> System.exit(ReplayMain.run(Arrays.copyOfRange(args, 1, args.length),
                        System.getenv(), System.out, System.err));
                default -> {
                    System.err.println("usage: ./spotwise demo | up | replay [--since 2h] [--set name=value]...");
                    System.exit(2);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("spotwise " + mode + " failed: " + rootMessage(e) + " (logs in " + home.resolve("logs") + ")");
            System.exit(1);
        }
    }

    private static int port(String variable, int defaultPort) {
        String value = System.getenv(variable);
        try {
            return value == null || value.isBlank() ? defaultPort : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + "='" + value + "' is not a port number", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String where = t instanceof BindException ? " — is another ./spotwise up running? set SPOTWISE_API_PORT / SPOTWISE_KAFKA_PORT" : "";
        return (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()) + where;
    }

    private static boolean demo(Path home, Terminal terminal) {
        terminal.step("Starting Kafka, the simulated cluster, watcher, decider and actuator (logs in " + home.resolve("logs") + ")");
        try (Stack stack = Stack.start(StackSettings.compressed(home));
             KubernetesClient client = stack.client()) {
            terminal.info("kubeconfig: " + stack.kubeconfig() + "    Kafka: " + stack.broker().bootstrapServers());
            return new DemoScenario(stack, client, terminal).run(Duration.ofSeconds(90));
        }
    }

    /** A Prometheus scraping the stack with the alert rules, when the binary is installed; null otherwise. */
    private static PrometheusProcess prometheus(Path home, Stack stack, Terminal terminal) {
        Optional<Path> binary = PrometheusProcess.binary();
        if (binary.isEmpty()) {
            return null;
        }
        Path rules = Path.of("k8s/monitoring/spotwise.rules.yaml");
        try {
            return PrometheusProcess.start(binary.get(), home, stack.services(), Files.isRegularFile(rules) ? Optional.of(rules) : Optional.empty());
        } catch (RuntimeException e) {
            terminal.info("Prometheus did not start (" + rootMessage(e) + "); the services' /metrics still answer");
            return null;
        }
    }

    /** Every address a user of the local run needs; the ports change every run. */
    static void endpoints(Stack stack, PrometheusProcess prometheus, Terminal terminal) {
        terminal.step("Spotwise is running:");
        terminal.info("kubeconfig:        " + stack.kubeconfig());
        terminal.info("API server:        " + stack.sim().masterUrl());
        terminal.info("Kafka bootstrap:   " + stack.broker().bootstrapServers());
        terminal.info("decider webhook:   " + stack.webhookUrl());
        for (ServiceProcess s : stack.services()) {
            terminal.info(String.format("%-18s http://localhost:%d/metrics  (/readyz, /healthz)", s.name() + ":", s.opsPort()));
        }
        if (prometheus != null) {
            terminal.info("Prometheus:        " + prometheus.url() + "/graph?g0.expr=spotwise_decider_workload_pods");
        }
        terminal.info("logs:              " + stack.settings().home().resolve("logs"));
    }

    private static void up(Path home, Terminal terminal, int kafkaPort, int apiPort) throws InterruptedException {
        terminal.step("Starting Kafka, the simulated cluster, watcher, decider and actuator (logs in " + home.resolve("logs") + ")");
        Stack stack = Stack.start(StackSettings.compressed(home).withBrokerPort(kafkaPort).withApiPort(apiPort));
        PrometheusProcess prometheus = prometheus(home, stack, terminal);
        Supervisor supervisor = new Supervisor(stack.services(), terminal);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping every process...");
            supervisor.close();
            if (prometheus != null) {
                prometheus.close();
            }
            stack.close();
            stopped.countDown();
        }, "spotwise-stop"));
        try (KubernetesClient client = stack.client()) {
            new DemoScenario(stack, client, terminal).createWorkload();
        }
        endpoints(stack, prometheus, terminal);
        terminal.step("Try, in another terminal:");
        terminal.info("export KUBECONFIG=" + stack.kubeconfig());
        terminal.info("kubectl get pods -n demo -L spotwise.io/spot-assigned");
        terminal.info("kubectl get events -n demo");
        terminal.info("kubectl scale deployment web -n demo --replicas=5");
        terminal.info("kcat -b " + stack.broker().bootstrapServers() + " -C -t spotwise.actions -o beginning -f '%k %s\\n'");
        terminal.info("kafka-local/bin/kafka-local consume spotwise.outcomes");
        terminal.info("curl -X POST " + stack.sim().masterUrl() + "/sim/v1/spot/outage      (and /sim/v1/spot/restore)");
        if (prometheus == null) {
            terminal.info("(install prometheus to get a Prometheus with the alert rules started too)");
        }
        supervisor.start();
        terminal.info("A service that exits is restarted, as its Deployment would be.");
        terminal.info("Press Ctrl-C to stop everything.");
        stopped.await();
    }
}
