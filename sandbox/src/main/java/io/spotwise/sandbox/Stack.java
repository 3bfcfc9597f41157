package io.spotwise.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.decider.webhook.WebhookTls;
import io.spotwise.kafka.local.FreePort;
import io.spotwise.kafka.local.KafkaBroker;
import io.spotwise.sim.SimOptions;
import io.spotwise.sim.SimulatedCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of Spotwise on one machine: a real Kafka broker (its own JVM), the simulated cluster (API server, control
 * plane, node pools) in this JVM, and watcher, decider and actuator each in its own JVM, wired as they would be in a
 * cluster — the services know only a kubeconfig and a Kafka bootstrap address; every pod CREATE reaches the decider's
 * webhook over HTTPS through the API server.
 */
public final class Stack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Stack.class);

    private final StackSettings settings;
    private final KafkaBroker broker;
    private final SimulatedCluster sim;
    private final Path kubeconfig;
    private final ServiceProcess watcher;
    private final ServiceProcess decider;
    private final ServiceProcess actuator;
    /** Each role's environment, kept so that {@link #addReplica} starts a replica configured like the first one. */
    private final Map<String, Map<String, String>> roleEnv = new HashMap<>();
    private final List<ServiceProcess> replicas = new CopyOnWriteArrayList<>();
    private String webhookUrl;
    private boolean ownsBroker = true;

    private Stack(StackSettings settings, KafkaBroker broker, SimulatedCluster sim, Path kubeconfig,
                  ServiceProcess watcher, ServiceProcess decider, ServiceProcess actuator) {
        this.settings = settings;
        this.broker = broker;
        this.sim = sim;
        this.kubeconfig = kubeconfig;
        this.watcher = watcher;
        this.decider = decider;
        this.actuator = actuator;
    }

    /** With a plaintext broker (the local demo). */
    public static Stack start(StackSettings s) {
        return start(s, StackKafka.plaintext());
    }

    /** With the given Kafka: {@link StackKafka#authenticated()} runs every service with its own credentials and ACLs. */
    public static Stack start(StackSettings s, StackKafka kafka) {
        return start(s, kafka, Map.of());
    }

    /**
     * Like {@link #start(StackSettings, StackKafka)}, with extra environment per role ("watcher", "decider", "actuator")
     * on top of the common one — e.g. a KUBECONFIG of its own for the actuator (the chaos campaign routes it through a proxy).
     */
    public static Stack start(StackSettings s, StackKafka kafka, Map<String, Map<String, String>> envByRole) {
        KafkaBroker broker = null;
        SimulatedCluster sim = null;
        try {
            Files.createDirectories(s.home());
            broker = kafka.start(s);
            LOG.info("Kafka broker ready on {}{}", broker.bootstrapServers(), kafka.secured() ? " (SASL_SSL, ACLs on)" : " (plaintext, no ACLs)");

            int webhookPort = FreePort.pick();
            WebhookTls.Material tls = WebhookTls.selfSigned(List.of("localhost"));
            Path cert = s.home().resolve("webhook.crt");
            Path key = s.home().resolve("webhook.key");
            Files.writeString(cert, tls.certificatePem());
            Files.writeString(key, tls.privateKeyPem());

            sim = SimulatedCluster.start(SimOptions.defaults()
                    .withPrefix(s.extraEnv().getOrDefault("SPOTWISE_PREFIX", SpotwiseKeys.DEFAULT_PREFIX)) // nodes as the services expect
                    .withPort(s.apiPort())
                    .withNodes(s.onDemandNodes(), s.spotNodes(), s.podsPerNode())
                    .withKubeletDelay(s.kubeletDelay())
                    .withPodGracePeriod(Duration.ofSeconds(1)) // compressed timings: pods terminate for 1 s, not 30
                    .withWebhook("https://localhost:" + webhookPort + "/mutate", cert, Duration.ofSeconds(2))
                    .withKubeconfig(s.home().resolve("kubeconfig")));
            Path kubeconfig = sim.writeKubeconfig(s.home().resolve("kubeconfig"));

            Map<String, String> common = new HashMap<>();
            common.put("KUBECONFIG", kubeconfig.toAbsolutePath().toString());
            common.put("SPOTWISE_NAMESPACE", "spotwise");
            common.put("SPOTWISE_TOPIC_PARTITIONS", Integer.toString(StackKafka.PARTITIONS));
            common.put("LOG_LEVEL", "INFO");
            s.extraEnv().forEach((k, v) -> {
                if (roleOf(k) == null) {
                    common.put(k, v);
                }
            });

            Map<String, String> deciderEnv = new HashMap<>(common);
            deciderEnv.putAll(Map.of(
                    "SPOTWISE_WEBHOOK_PORT", Integer.toString(webhookPort),
                    "SPOTWISE_WEBHOOK_CERT_FILE", cert.toAbsolutePath().toString(),
                    "SPOTWISE_WEBHOOK_KEY_FILE", key.toAbsolutePath().toString(),
                    "SPOTWISE_SCHEDULE_TIMEOUT", s.scheduleTimeout(),
                    "SPOTWISE_FALLBACK_DURATION", s.fallbackDuration(),
                    "SPOTWISE_REBALANCE_STABILIZATION_PERIOD", s.stabilizationPeriod(),
                    "SPOTWISE_TICK", s.tick(),
                    "SPOTWISE_DECIDER_LEASE_DURATION", "6s"));
            // adaptive fallback off unless asked for: the scenarios (and the chaos campaign) take spot away again and
            // again and expect the configured window every time
            deciderEnv.putIfAbsent("SPOTWISE_DECIDER_FALLBACK_MAX_DURATION", s.fallbackDuration());
            deciderEnv.putIfAbsent("SPOTWISE_DECIDER_STATUS_INTERVAL", "2s"); // kubectl status follows the compressed timings
            for (String role : List.of("watcher", "decider", "actuator")) { // a service refuses another's keys
                Map<String, String> own = new HashMap<>(envByRole.getOrDefault(role, Map.of()));
                s.extraEnv().forEach((k, v) -> {
                    if (role.equals(roleOf(k))) {
                        own.putIfAbsent(k, v);
                    }
                });
                envByRole = with(envByRole, role, own);
            }
            Map<String, String> watcherEnv = with(with(common, kafka.environment(broker, "watcher")), envByRole.getOrDefault("watcher", Map.of()));
            deciderEnv = with(with(deciderEnv, kafka.environment(broker, "decider")), envByRole.getOrDefault("decider", Map.of()));
            Map<String, String> actuatorEnv = with(with(common, kafka.environment(broker, "actuator")), envByRole.getOrDefault("actuator", Map.of()));
            ServiceProcess watcher = service("watcher", 0, "io.spotwise.watcher.Main", watcherEnv, s, ServiceClasspath.of("watcher", s.home()));
            ServiceProcess decider = service("decider", 0, "io.spotwise.decider.Main", deciderEnv, s, ServiceClasspath.of("decider", s.home()));
            ServiceProcess actuator = service("actuator", 0, "io.spotwise.actuator.Main", actuatorEnv, s, ServiceClasspath.of("actuator", s.home()));
            Stack stack = new Stack(s, broker, sim, kubeconfig, watcher, decider, actuator);
            stack.roleEnv.putAll(Map.of("watcher", watcherEnv, "decider", deciderEnv, "actuator", actuatorEnv));
            stack.webhookUrl = "https://localhost:" + webhookPort + "/mutate";
            stack.ownsBroker = kafka.ownsBroker();
            for (ServiceProcess p : stack.services()) {
                p.start();
            }
            for (ServiceProcess p : stack.services()) {
                p.awaitReady(Duration.ofSeconds(90));
            }
            return stack;
        } catch (IOException e) {
            closeQuietly(sim, kafka.ownsBroker() ? broker : null);
            throw new UncheckedIOException("cannot start the local stack", e);
        } catch (RuntimeException e) {
            closeQuietly(sim, kafka.ownsBroker() ? broker : null);
            throw e;
        }
    }

    /** "decider" for SPOTWISE_DECIDER_*, etc.; null for a key every service reads. */
    private static String roleOf(String key) {
        for (String role : List.of("watcher", "decider", "actuator")) {
            if (key.startsWith("SPOTWISE_" + role.toUpperCase(Locale.ROOT) + "_")) {
                return role;
            }
        }
        return null;
    }

    private static Map<String, Map<String, String>> with(Map<String, Map<String, String>> byRole, String role, Map<String, String> env) {
        Map<String, Map<String, String>> all = new HashMap<>(byRole);
        all.put(role, env);
        return all;
    }

    private static Map<String, String> with(Map<String, String> env, Map<String, String> more) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(more);
        return all;
    }

    private static ServiceProcess service(String role, int index, String main, Map<String, String> env, StackSettings s, String cp)
            throws IOException {
        int opsPort = FreePort.pick();
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("SPOTWISE_OPS_PORT", Integer.toString(opsPort));
        withPort.put("SPOTWISE_INSTANCE", role + "-" + index);
        String name = index == 0 ? role : role + "-" + index;
        return new ServiceProcess(name, main, withPort, opsPort, s.home().resolve("logs"), cp);
    }

    /**
     * Starts one more replica of a role ("decider", "actuator", "watcher") configured like the first, as instance
     * {@code <role>-<index>} with its own ops port (and webhook port for a decider), plus {@code extraEnv}. It is
     * started, not awaited: call {@link ServiceProcess#awaitReady}. Stopped by {@link #close()}.
     */
    public ServiceProcess addReplica(String role, int index, Map<String, String> extraEnv) {
        if (index < 1 || !roleEnv.containsKey(role)) {
            throw new IllegalArgumentException("no role " + role + " or index " + index + " < 1");
        }
        Map<String, String> env = new HashMap<>(roleEnv.get(role));
        try {
            if (role.equals("decider")) {
                env.put("SPOTWISE_WEBHOOK_PORT", Integer.toString(FreePort.pick()));
            }
            env.putAll(extraEnv);
            String main = "io.spotwise." + role + ".Main";
            ServiceProcess replica = service(role, index, main, env, settings, ServiceClasspath.of(role, settings.home()));
            replicas.add(replica);
            replica.start();
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + role + "-" + index, e);
        }
    }

    /** Every service process: the first replica of each role, then those added by {@link #addReplica}. */
    public List<ServiceProcess> services() {
        List<ServiceProcess> all = new ArrayList<>(List.of(watcher, decider, actuator));
        all.addAll(replicas);
        return all;
    }

    public ServiceProcess watcher() {
        return watcher;
    }

    public ServiceProcess decider() {
        return decider;
    }

    public ServiceProcess actuator() {
        return actuator;
    }

    /** The decider's admission webhook, as the simulated API server calls it. */
    public String webhookUrl() {
        return webhookUrl;
    }

    public KafkaBroker broker() {
        return broker;
    }

    /** Client settings that may read every topic (the admin's on an authenticated stack), for tests and tools. */
    public Map<String, Object> kafkaAdminSettings() {
        return StackKafka.adminSettings(broker);
    }

    public SimulatedCluster sim() {
        return sim;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public StackSettings settings() {
        return settings;
    }

    /** A client of the simulated cluster, as a user with kubectl would have. */
    public KubernetesClient client() {
        return sim.client();
    }

    @Override
    public void close() {
        List<ServiceProcess> all = new ArrayList<>(replicas);
        all.addAll(List.of(actuator, decider, watcher));
        for (ServiceProcess p : all) {
            try {
                p.stop();
            } catch (RuntimeException e) {
                LOG.warn("Stopping {} failed: {}", p.name(), e.getMessage());
            }
        }
        closeQuietly(sim, ownsBroker ? broker : null);
    }

    private static void closeQuietly(SimulatedCluster sim, KafkaBroker broker) {
        if (sim != null) {
            try {
                sim.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the simulated cluster failed: {}", e.getMessage());
            }
        }
        if (broker != null) {
            broker.close();
        }
    }
}
