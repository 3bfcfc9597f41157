package io.spotwise.sim.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.spotwise.common.k8s.SpotwiseKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated node pools. Spot nodes carry the label and NoSchedule taint {@code <prefix>/capacity-type=
 * interruptible}; on-demand nodes neither. Operations: spot outage (all spot nodes lost), restore, interruption of
 * one spot node (disruption taint, evictions, then removal), adding nodes.
 */
public final class NodePools {

    private static final Logger LOG = LoggerFactory.getLogger(NodePools.class);
    public static final String DISRUPTED_TAINT = "karpenter.sh/disrupted";
    public static final String KARPENTER_CAPACITY_TYPE = "karpenter.sh/capacity-type";

    /** A pool of nodes. */
    public enum Pool {
        ON_DEMAND("ondemand"), SPOT("spot");

        private final String namePrefix;

        Pool(String namePrefix) {
            this.namePrefix = namePrefix;
        }
    }

    private final KubernetesClient client;
    private final SpotwiseKeys keys;
    private final int podsPerNode;
    private final int spotNodes;
    private final Duration interruptionNotice;
    private final Map<Pool, AtomicInteger> counters = Map.of(Pool.ON_DEMAND, new AtomicInteger(),
            Pool.SPOT, new AtomicInteger());

    public NodePools(KubernetesClient client, SpotwiseKeys keys, int podsPerNode, int spotNodes,
                     Duration interruptionNotice) {
        this.client = client;
        this.keys = keys;
        this.podsPerNode = podsPerNode;
        this.spotNodes = spotNodes;
        this.interruptionNotice = interruptionNotice;
    }

    public List<String> addNodes(Pool pool, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = pool.namePrefix + "-" + counters.get(pool).incrementAndGet();
            client.nodes().resource(node(pool, name)).create();
            names.add(name);
        }
        LOG.info("Added {} {} node(s): {}", count, pool, names);
        return names;
    }

    public List<String> nodeNames(Pool pool) {
        return client.nodes().withLabel(KARPENTER_CAPACITY_TYPE, pool == Pool.SPOT ? "spot" : "on-demand").list()
                .getItems().stream().map(n -> n.getMetadata().getName()).sorted().toList();
    }

    /**
     * Every spot node disappears at once; their pods are then force-deleted as after a real node loss, {@link
     * #OUTAGE_DELETE_CONCURRENCY} at a time (a real API server serves the garbage collector's deletions concurrently;
     * one at a time, 6,000 pods took the simulator over 3 minutes).
     */
    public void spotOutage() {
        List<String> spot = nodeNames(Pool.SPOT);
        for (String node : spot) {
            client.nodes().withName(node).delete();
        }
        // one list of every pod, not one per node: a field selector is a full scan of the store each time
        Set<String> lost = new HashSet<>(spot);
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems().stream()
                .filter(pod -> pod.getSpec() != null && lost.contains(pod.getSpec().getNodeName())).toList();
        long started = System.nanoTime();
        forceDelete(pods);
        LOG.info("Spot outage: removed {} spot node(s) and force-deleted their {} pod(s) in {} ms", spot.size(), pods.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** How many pod deletions of an outage are in flight at once. */
    static final int OUTAGE_DELETE_CONCURRENCY = 16;

    private void forceDelete(List<Pod> pods) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(OUTAGE_DELETE_CONCURRENCY, r -> {
            Thread t = new Thread(r, "sim-outage-delete-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture.allOf(pods.stream().map(pod -> CompletableFuture.runAsync(() -> forceDelete(pod), pool))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
    }

    private void forceDelete(Pod pod) {
        try {
            // the node is gone: its pods are force-deleted (grace 0), as the pod garbage collector does
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            LOG.warn("Force-deleting pod {}/{} of lost node {} failed ({}): {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), pod.getSpec().getNodeName(), e.getCode(), e.getMessage());
        }
    }

    /** Brings the spot pool back to its configured size. */
    public List<String> restoreSpot() {
        int missing = spotNodes - nodeNames(Pool.SPOT).size();
        return missing > 0 ? addNodes(Pool.SPOT, missing) : List.of();
    }

    /**
     * A spot interruption: the node is tainted {@code karpenter.sh/disrupted:NoSchedule}, its pods are evicted
     * (PodDisruptionBudgets may refuse), and after the notice period the node and any remaining pods are gone.
     */
    public void interrupt(String nodeName) throws InterruptedException {
        Node node = client.nodes().withName(nodeName).get();
        if (node == null) {
            throw new IllegalArgumentException("node " + nodeName + " does not exist");
        }
        client.nodes().withName(nodeName).edit(n -> {
            List<Taint> taints = new ArrayList<>(n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints());
            taints.add(new TaintBuilder().withKey(DISRUPTED_TAINT).withEffect("NoSchedule").build());
            n.getSpec().setTaints(taints);
            return n;
        });
        for (Pod pod : podsOn(nodeName)) {
            Eviction eviction = new EvictionBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                    .withNamespace(pod.getMetadata().getNamespace()).endMetadata().build();
            try {
                client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .evict(eviction);
            } catch (KubernetesClientException e) {
                LOG.info("Interruption of {}: eviction of {}/{} failed ({})", nodeName,
                        pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getCode());
            }
        }
        Thread.sleep(interruptionNotice.toMillis());
        removeNode(nodeName);
        LOG.info("Interrupted spot node {}", nodeName);
    }

    private void removeNode(String nodeName) {
        client.nodes().withName(nodeName).delete();
        podsOn(nodeName).forEach(this::forceDelete);
    }

    private List<Pod> podsOn(String nodeName) {
        return client.pods().inAnyNamespace().withField("spec.nodeName", nodeName).list().getItems();
    }

    private Node node(Pool pool, String name) {
        Map<String, String> labels = new HashMap<>();
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("node.kubernetes.io/instance-type", "sim.medium");
        labels.put(KARPENTER_CAPACITY_TYPE, pool == Pool.SPOT ? "spot" : "on-demand");
        List<Taint> taints = new ArrayList<>();
        if (pool == Pool.SPOT) {
            labels.put(keys.capacityType(), SpotwiseKeys.INTERRUPTIBLE);
            taints.add(new TaintBuilder().withKey(keys.capacityType()).withValue(SpotwiseKeys.INTERRUPTIBLE)
                    .withEffect("NoSchedule").build());
        }
        Map<String, Quantity> capacity = Map.of("pods", new Quantity(String.valueOf(podsPerNode)),
                "cpu", new Quantity("4"), "memory", new Quantity("16Gi"));
        return new NodeBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(taints).endSpec()
                .withNewStatus().withCapacity(capacity).withAllocatable(capacity)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet is posting ready status").endCondition()
                .addNewAddress().withType("InternalIP").withAddress("10.0.0." + (counters.get(pool).get() % 250))
                .endAddress()
                .withNewNodeInfo().withKubeletVersion("v1.32.0-sim").withOperatingSystem("linux")
                .withArchitecture("amd64").withContainerRuntimeVersion("sim://1.0").endNodeInfo()
                .endStatus()
                .build();
    }
}
