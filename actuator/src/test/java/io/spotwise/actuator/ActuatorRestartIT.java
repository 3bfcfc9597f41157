package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.kafka.local.FreePort;
import io.spotwise.sim.SimulatedCluster;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 10, "a crashed actuator stalls every action for ~45 s": a replica killed with SIGKILL (a real child process of
 * {@link Main}, no leave-group, no commit) and restarted under its SPOTWISE_INSTANCE comes back as the same static
 * group member. How long takeover and start take is measured, not asserted (docs/benchmarks.md, docs/actuator.md).
 */
@ExtendWith(SharedKafkaBroker.class)
class ActuatorRestartIT {

    private static final String VICTIM = "spotwise-actuator-victim";
    private static SimulatedCluster sim;
    private static ActuatorHarness h;
    private static Path kubeconfig;

    @BeforeAll
    static void start() throws Exception {
        h = ActuatorHarness.onSimulatedCluster(Map.of());
        sim = h.sim();
        kubeconfig = sim.writeKubeconfig(Files.createTempDirectory("actuator-restart").resolve("config"));
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private record Replica(Process process, int port) {
    }

    /** {@code io.spotwise.actuator.Main} in its own JVM, in the harness's group, against the simulated cluster. */
    private static Replica startVictim() throws Exception {
        int port = FreePort.pick();
        Map<String, String> env = new HashMap<>(h.env());
        env.put("SPOTWISE_INSTANCE", VICTIM);
        env.put("SPOTWISE_OPS_PORT", String.valueOf(port));
        env.put("KUBECONFIG", kubeconfig.toString());
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File("target", "actuator-restart-victim.log")));
        pb.environment().putAll(env);
        Replica replica = new Replica(pb.start(), port);
        await().atMost(Duration.ofMinutes(3)).until(() -> ready(replica));
        return replica;
    }

    private static boolean ready(Replica replica) {
        if (!replica.process().isAlive()) {
            throw new AssertionError("the actuator process exited with " + replica.process().exitValue() + ", see target/actuator-restart-victim.log");
        }
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/readyz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false; // not listening yet
        }
    }

    private static ConsumerGroupDescription group() throws Exception {
        try (Admin admin = h.admin()) {
            return admin.describeConsumerGroups(List.of(h.groupId)).all().get(30, TimeUnit.SECONDS).get(h.groupId);
        }
    }

    private static Set<String> staticMembers(ConsumerGroupDescription g) {
        return g.members().stream().map(m -> m.groupInstanceId().orElse("(dynamic) " + m.consumerId())).collect(Collectors.toSet());
    }

    @Test
    @DisplayName("a replica SIGKILLed and restarted under its SPOTWISE_INSTANCE is the same static member again: two members, "
            + "the restarted one with its partitions, and an action on every partition is carried out")
    void restartedReplicaTakesItsPartitionsBack() throws Exception {
        Replica first = startVictim();
        first.process().destroyForcibly().waitFor();
        Replica second = startVictim();
        try {
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
                ConsumerGroupDescription g = group();
                assertThat(staticMembers(g)).containsExactlyInAnyOrder("spotwise-actuator-0", VICTIM);
                MemberDescription victim = g.members().stream().filter(m -> m.groupInstanceId().orElse("").equals(VICTIM)).findFirst().orElseThrow();
                assertThat(victim.assignment().topicPartitions()).isNotEmpty();
            });
            List<Action> probes = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                Instant now = Instant.now();
                Action a = new ReportConfigInvalid(UUID.randomUUID().toString(), WorkloadRef.deployment("restart", "gone-" + p),
                        "uid-gone-" + p, ActionReason.CONFIG_INVALID, now, 0, now.plus(Duration.ofMinutes(5)), "probe");
                h.send(a, p);
                probes.add(a);
            }
            for (Action a : probes) {
                assertThat(h.awaitOutcome(a.id())).isNotNull();
                assertThat(h.outcomes(a.id())).hasSize(1);
            }
        } finally {
            second.process().destroy();
            second.process().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
