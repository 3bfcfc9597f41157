package io.spotwise.sim.throughput;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.sim.SimOptions;
import io.spotwise.sim.SimulatedCluster;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's own throughput: a stub webhook answering at once, N Deployments × R replicas created on a cluster
 * of on-demand and spot nodes (every second workload goes to spot), watched by W pod watches. Reports pod creates/s,
 * watch events/s, time until every pod is Running and CPU seconds; then takes every spot node away and reports how
 * long the outage's pod deletions took (docs/cluster-sim.md, "Capacity").
 */
public final class SimThroughput {

    private static final Logger LOG = LoggerFactory.getLogger(SimThroughput.class);
    private static final int NAMESPACES = 10;

    /** What to run. */
    public record Size(int workloads, int replicas, int nodes, int podsPerNode, int watches, Duration timeout) {
    }

    private SimThroughput() {
    }

    public static ThroughputReport run(Size size) throws Exception {
        int spot = size.nodes() / 2;
        try (StubWebhook webhook = new StubWebhook();
             SimulatedCluster sim = SimulatedCluster.start(SimOptions.defaults()
                     .withNodes(size.nodes() - spot, spot, size.podsPerNode())
                     .withKubeletDelay(Duration.ofMillis(200))
                     .withWebhook(webhook.url(), null, Duration.ofSeconds(10)));
             NamespacedKubernetesClient client = sim.client("throughput")) {
            List<PodWatch> watches = new ArrayList<>();
            for (int i = 0; i < size.watches(); i++) {
                watches.add(new PodWatch(client));
            }
            long pods = (long) size.workloads() * size.replicas();
            long cpuBefore = cpuNanos();
            long start = System.nanoTime();
            createWorkloads(client, size);
            long deadline = start + size.timeout().toNanos();
            PodWatch first = watches.get(0);
            while (first.running() < pods && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
            long end = System.nanoTime();
            boolean complete = first.running() >= pods;
            double cpu = (cpuNanos() - cpuBefore) / 1e9;
            long events = watches.stream().mapToLong(PodWatch::events).sum();
            watches.forEach(PodWatch::close);
            long outagePods = 0;
            double outageSeconds = 0;
            if (complete) {
                outagePods = client.pods().inAnyNamespace().list().getItems().stream()
                        .filter(p -> p.getSpec().getNodeName() != null && p.getSpec().getNodeName().startsWith("spot-")).count();
                long outageStart = System.nanoTime();
                sim.spotOutage();
                outageSeconds = (System.nanoTime() - outageStart) / 1e9;
            }
            return new ThroughputReport(size.workloads(), size.replicas(), size.nodes(), size.watches(), first.pods(),
                    sim.webhookCalls(), (first.lastAddedNanos() - start) / 1e9, (end - start) / 1e9, events, cpu,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), complete, outagePods, outageSeconds);
        }
    }

    private static void createWorkloads(NamespacedKubernetesClient client, Size size) throws Exception {
        ExecutorService creators = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < size.workloads(); i++) {
                Deployment d = workload(i, size.replicas());
                done.add(creators.submit(() -> client.apps().deployments().inNamespace(d.getMetadata().getNamespace())
                        .resource(d).create()));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            creators.shutdown();
        }
    }

    static Deployment workload(int i, int replicas) {
        String name = "w" + i;
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName(name)
                .withNamespace("tp-" + (i % NAMESPACES)).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("nginx:1").endContainer().endSpec()
                .endTemplate().endSpec();
        if (i % 2 == 1) {
            SpotwiseKeys keys = SpotwiseKeys.DEFAULT;
            b.editSpec().editTemplate().editSpec().addToNodeSelector(keys.capacityType(), SpotwiseKeys.INTERRUPTIBLE)
                    .addNewToleration().withKey(keys.capacityType()).withOperator("Equal")
                    .withValue(SpotwiseKeys.INTERRUPTIBLE).withEffect("NoSchedule").endToleration()
                    .endSpec().endTemplate().endSpec();
        }
        return b.build();
    }

    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** {@code workloads=1000 replicas=10 nodes=200 podsPerNode=110 watches=2 timeout=20m}; prints the report. */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                LOG.error("Argument '{}' is not key=value (workloads, replicas, nodes, podsPerNode, watches, timeout)",
                        arg);
                System.exit(2);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Size size = new Size(Integer.parseInt(a.getOrDefault("workloads", "1000")),
                Integer.parseInt(a.getOrDefault("replicas", "10")), Integer.parseInt(a.getOrDefault("nodes", "200")),
                Integer.parseInt(a.getOrDefault("podsPerNode", "110")), Integer.parseInt(a.getOrDefault("watches", "2")),
                Duration.parse("PT" + a.getOrDefault("timeout", "20m").toUpperCase(Locale.ROOT)));
        ThroughputReport report = run(size);
        report.lines().forEach(l -> LOG.info("{}", l));
        System.exit(report.complete() ? 0 : 1);
    }
}
