package io.spotwise.actuator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.actuator.Actuator;
import io.spotwise.actuator.ActuatorConfig;
import io.spotwise.common.k8s.KubernetesClients;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.topic.Topics;
import io.spotwise.kafka.local.KafkaBroker;
import io.spotwise.sim.SimulatedCluster;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The takeover part of {@link ActuatorBenchmarkHarness}: SIGKILL of one of two actuator replicas. */
final class Takeover {

    private static final Logger LOG = LoggerFactory.getLogger(Takeover.class);

    private Takeover() {
    }

    static void run(KafkaBroker broker, SimulatedCluster sim, int rounds) throws Exception {
        Path kubeconfig = sim.writeKubeconfig(Files.createTempDirectory("bench-kube").resolve("config"));
        KubernetesClient client = KubernetesClients.create(Actuator.SERVICE, 0, sim.client().getConfiguration());
        Vertx vertx = Vertx.vertx();
        Actuator survivor = Actuator.start(ActuatorConfig.from(ActuatorBenchmarkHarness.env(broker, "bench-survivor")), client, vertx,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
        try (ActuatorBenchmarkHarness.OutcomeReader reader = new ActuatorBenchmarkHarness.OutcomeReader(broker.bootstrapServers());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(new HashMap<String, Object>(
                     KafkaClients.producerConfig(Map.of("bootstrap.servers", broker.bootstrapServers()), "bench")))) {
            for (int round = 1; round <= rounds; round++) {
                Map<String, String> env = ActuatorBenchmarkHarness.env(broker, "bench-victim-" + round);
                env.put("KUBECONFIG", kubeconfig.toString());
                int port = Integer.parseInt(env.get("SPOTWISE_OPS_PORT"));
                ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-cp", System.getProperty("java.class.path"), "io.spotwise.actuator.Main"))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new java.io.File(System.getProperty("java.io.tmpdir"), "bench-victim.log")));
                pb.environment().putAll(env);
                long started = System.nanoTime();
                Process victim = pb.start();
                Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> ready(port));
                double readyAfter = (System.nanoTime() - started) / 1e9;
                Awaitility.await().atMost(Duration.ofMinutes(1)).until(survivor::ready);
                long killed = System.nanoTime();
                victim.destroyForcibly(); // SIGKILL: no leave-group, no commit
                List<String> ids = new ArrayList<>();
                for (int p = 0; p < 6; p++) {
                    Instant now = Instant.now();
                    Action a = new ReportConfigInvalid(UUID.randomUUID().toString(), WorkloadRef.deployment("takeover", "gone-" + p),
                            "uid-gone-" + p, ActionReason.CONFIG_INVALID, now, 0, now.plus(Duration.ofMinutes(5)), "probe");
                    ids.add(a.id());
                    producer.send(new ProducerRecord<>(Topics.ACTIONS, p, a.workload().key(), RecordCodec.encode(a)));
                }
                producer.flush();
                reader.awaitTerminal(ids, Duration.ofMinutes(3));
                double takeover = (System.nanoTime() - killed) / 1e9;
                LOG.info("RESULT round {}: victim ready {} s after its JVM started; after its SIGKILL all 6 partitions acted on again within {} s",
                        round, String.format("%.1f", readyAfter), String.format("%.1f", takeover));
                victim.waitFor();
            }
        } finally {
            survivor.close();
            client.close();
            vertx.close();
        }
    }

    private static boolean ready(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }
}
