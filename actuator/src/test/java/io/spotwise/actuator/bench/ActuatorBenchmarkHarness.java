package io.spotwise.actuator.bench;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.spotwise.actuator.Actuator;
import io.spotwise.actuator.ActuatorConfig;
import io.spotwise.common.k8s.KubernetesClients;
import io.spotwise.common.kafka.KafkaClients;
import io.spotwise.common.kafka.TopicBootstrap;
import io.spotwise.contract.Action;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.serde.RecordCodec;
import io.spotwise.contract.topic.Topics;
import io.spotwise.kafka.local.FreePort;
import io.spotwise.kafka.local.KafkaBroker;
import io.spotwise.sim.SimulatedCluster;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Harness (not a test, not run by verify), see docs/benchmarks.md. {@code fallback [pods]}: N Pending spot pods
 * (default 600, 10 per Deployment) on the simulated cluster, one DISABLE_SPOT per Deployment and one fallback
 * EVICT_POD per pod published at once, carried out by the real actuator (default settings) against a real broker:
 * time to the last outcome, decision → outcome latency. {@code takeover}: a second actuator JVM is SIGKILLed; how long
 * until its partitions' actions are carried out by the survivor.
 */
public final class ActuatorBenchmarkHarness {

    private static final Logger LOG = LoggerFactory.getLogger(ActuatorBenchmarkHarness.class);

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "fallback";
        try (KafkaBroker broker = KafkaBroker.start(); SimulatedCluster sim = SimulatedCluster.start()) {
            try (Admin admin = Admin.create(KafkaClients.adminConfig(Map.of("bootstrap.servers", broker.bootstrapServers()), "bench"))) {
                TopicBootstrap.ensure(admin, Topics.all(6, (short) 1, Duration.ofHours(1)), true, 30_000);
            }
            if (mode.equals("takeover")) {
                Takeover.run(broker, sim, args.length > 1 ? Integer.parseInt(args[1]) : 3);
            } else {
                fallback(broker, sim, args.length > 1 ? Integer.parseInt(args[1]) : 600);
            }
        }
        System.exit(0);
    }

    static Map<String, String> env(KafkaBroker broker, String instance) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("SPOTWISE_OPS_PORT", String.valueOf(FreePort.pick()));
        env.put("SPOTWISE_INSTANCE", instance);
        env.put("SPOTWISE_TOPIC_PARTITIONS", "6");
        return env;
    }

    private static void fallback(KafkaBroker broker, SimulatedCluster sim, int pods) throws Exception {
        KubernetesClient client = KubernetesClients.create(Actuator.SERVICE, 0, sim.client().getConfiguration());
        int perWorkload = 10;
        int workloads = pods / perWorkload;
        List<java.util.function.Function<Instant, Action>> actions = new ArrayList<>();
        Instant windowEnd = Instant.now().plus(Duration.ofMinutes(10));
        // Opted-in Deployments whose pods can only go to a spot pool that does not exist: the simulated controllers create
        // the ReplicaSets and Pods (with owner references, as the actuator's guard requires) and the scheduler leaves them Pending.
        for (int w = 0; w < workloads; w++) {
            String ns = "bench-" + (w % 10);
            String name = "web-" + w;
            client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(ns)
                    .addToLabels("spotwise.io/spot-enabled", "true").endMetadata()
                    .withNewSpec().withReplicas(perWorkload).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                    .withNodeSelector(Map.of("no-such-pool", "true")).addNewContainer()
                    .withName("app").withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build()).create();
        }
        Awaitility.await().atMost(Duration.ofMinutes(5)).until(() -> client.pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> p.getStatus() != null && "Pending".equals(p.getStatus().getPhase())).count() >= pods);
        LOG.info("{} Pending pods in {} Deployments", pods, workloads);
        for (int w = 0; w < workloads; w++) {
            String ns = "bench-" + (w % 10);
            String name = "web-" + w;
            String workloadUid = client.apps().deployments().inNamespace(ns).withName(name).get().getMetadata().getUid();
            actions.add(now -> BenchActions.disable(ns, name, workloadUid, windowEnd, now));
            for (var pod : client.pods().inNamespace(ns).withLabel("app", name).list().getItems()) {
                String podName = pod.getMetadata().getName();
                String uid = pod.getMetadata().getUid();
                actions.add(now -> BenchActions.fallbackEviction(ns, name, workloadUid, podName, uid, windowEnd, now));
            }
        }

        Vertx vertx = Vertx.vertx();
        Map<String, String> env = env(broker, "bench-actuator-0");
        Actuator actuator = Actuator.start(ActuatorConfig.from(env), client, vertx, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC());
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(actuator::ready);
        try (OutcomeReader reader = new OutcomeReader(broker.bootstrapServers());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(new HashMap<String, Object>(
                     KafkaClients.producerConfig(Map.of("bootstrap.servers", broker.bootstrapServers()), "bench")))) {
            long t0 = System.nanoTime();
            List<Action> stamped = new ArrayList<>();
            for (var build : actions) {
                Action now = build.apply(Instant.now());
                stamped.add(now);
                producer.send(new ProducerRecord<>(Topics.ACTIONS, now.workload().key(), RecordCodec.encode(now)));
            }
            producer.flush();
            Map<String, Outcome> outcomes = reader.awaitTerminal(stamped.stream().map(Action::id).toList(), Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - t0) / 1e9;
            report("fallback evictions", stamped, outcomes, a -> a.type() == io.spotwise.contract.ActionType.EVICT_POD);
            report("DISABLE_SPOT", stamped, outcomes, a -> a.type() == io.spotwise.contract.ActionType.DISABLE_SPOT);
            long maxEvictionsPerPod = sim.requests().stream().filter(r -> "eviction".equals(r.subresource()))
                    .collect(java.util.stream.Collectors.groupingBy(r -> r.namespace() + "/" + r.name(), java.util.stream.Collectors.counting()))
                    .values().stream().mapToLong(Long::longValue).max().orElse(0);
            LOG.info("RESULT all {} actions ({} pods) carried out in {} s; at most {} eviction request(s) per pod", stamped.size(), pods,
                    String.format("%.1f", seconds), maxEvictionsPerPod);
        } finally {
            actuator.close();
            client.close();
            vertx.close();
        }
    }

    private static void report(String what, List<Action> actions, Map<String, Outcome> outcomes, Predicate<Action> filter) {
        List<Long> millis = new ArrayList<>();
        Map<String, Integer> results = new java.util.TreeMap<>();
        for (Action a : actions) {
            if (filter.test(a)) {
                Outcome o = outcomes.get(a.id());
                millis.add(Duration.between(a.decidedAt(), o.completedAt()).toMillis());
                results.merge(o.result().name(), 1, Integer::sum);
            }
        }
        millis.sort(Long::compare);
        LOG.info("RESULT {}: {} actions {}; decision → outcome p50 {} ms, p99 {} ms, max {} ms", what, millis.size(), results,
                millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.99) - 1), millis.get(millis.size() - 1));
    }

    /** Reads terminal outcomes (read_committed) from the end of spotwise.outcomes as of its creation. */
    static final class OutcomeReader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;

        OutcomeReader(String bootstrap) {
            consumer = new KafkaConsumer<>(new HashMap<String, Object>(KafkaClients.consumerConfig(Map.of("bootstrap.servers", bootstrap), null,
                    "bench-outcomes")));
            List<TopicPartition> tps = consumer.partitionsFor(Topics.OUTCOMES).stream().map(p -> new TopicPartition(Topics.OUTCOMES, p.partition()))
                    .toList();
            consumer.assign(tps);
            consumer.seekToEnd(tps);
            tps.forEach(consumer::position);
        }

        Map<String, Outcome> awaitTerminal(List<String> ids, Duration atMost) throws Exception {
            Map<String, Outcome> seen = new HashMap<>();
            java.util.Set<String> wanted = new java.util.HashSet<>(ids);
            long deadline = System.nanoTime() + atMost.toNanos();
            while (!seen.keySet().containsAll(wanted) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Outcome o = RecordCodec.decode(r.value(), Outcome.class);
                    if (o.result().terminal() && wanted.contains(o.actionId())) {
                        seen.putIfAbsent(o.actionId(), o);
                    }
                }
            }
            if (!seen.keySet().containsAll(wanted)) {
                throw new IllegalStateException((wanted.size() - seen.size()) + " actions without an outcome after " + atMost);
            }
            return seen;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
