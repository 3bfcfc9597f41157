package io.spotwise.chaos;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.sim.SimulatedCluster;
import io.spotwise.sim.nodes.NodePools;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What users and the cloud do to the cluster during a campaign, drawn from a seeded {@link Random}: scale workloads up
 * and down, opt them in and out, change their spot-config (now and then to an invalid one), add and remove
 * PodDisruptionBudgets, take the spot pool away and give it back, interrupt single spot nodes. One step per call.
 */
public final class WorkloadGenerator {

    static final SpotwiseKeys KEYS = SpotwiseKeys.DEFAULT;
    private static final int[] PERCENTAGES = {0, 30, 50, 60, 80, 100};

    private final KubernetesClient client;
    private final SimulatedCluster sim;
    private final Workloads workloads;
    private final FaultLog log;
    private final Random random;
    private final ExecutorService cloud = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "chaos-cloud");
        t.setDaemon(true);
        return t;
    });
    private boolean outage;
    private int stepsUntilRestore;

    public WorkloadGenerator(KubernetesClient client, SimulatedCluster sim, Workloads workloads, FaultLog log, long seed) {
        this.client = client;
        this.sim = sim;
        this.workloads = workloads;
        this.log = log;
        this.random = new Random(seed);
    }

    /** Creates the campaign's workloads, their sizes and configurations drawn from the seed. */
    public void createWorkloads() {
        workloads.createNamespace();
        for (Workloads.Workload w : workloads.all()) {
            w.replicas = 2 + random.nextInt(4);
            w.config = validConfig();
            workloads.create(w);
            log.record("workload", "create", w + " replicas=" + w.replicas + " config=" + w.config);
        }
    }

    /** One seeded step. */
    public synchronized void step() {
        if (outage && --stepsUntilRestore <= 0) {
            restoreSpot();
            return;
        }
        int dice = random.nextInt(12);
        Workloads.Workload w = workloads.all().get(random.nextInt(workloads.all().size()));
        switch (dice) {
            case 0, 1 -> scale(w, 1 + random.nextInt(8));
            case 2, 3, 4, 5 -> configure(w, random.nextInt(6) == 0 ? "{\"percentage\":\"sixty\"}" : validConfig());
            case 6 -> optInOrOut(w);
            case 7 -> pdb(w);
            case 8 -> outage();
            case 9 -> interruptOneSpotNode();
            default -> scale(w, Math.max(1, w.replicas + (random.nextBoolean() ? 1 : -1)));
        }
    }

    /** A spot outage now, unless one is on (the nemesis asks for one to reach the patch crash window). */
    public synchronized void outage() {
        if (outage) {
            return;
        }
        outage = true;
        stepsUntilRestore = 10 + random.nextInt(10); // 15-30 s: longer than the 6 s fallback timeout
        log.record("workload", "spot-outage", "all spot nodes removed: " + sim.spotOutage());
    }

    private synchronized void restoreSpot() {
        outage = false;
        log.record("workload", "spot-restore", "spot nodes added: " + sim.restoreSpot());
    }

    /** End of the fault phase: spot capacity back, every workload with a valid configuration. */
    public synchronized void settle() {
        cloud.shutdown();
        outage = false;
        log.record("workload", "spot-restore", "final: spot nodes added: " + sim.restoreSpot());
        for (Workloads.Workload w : workloads.all()) {
            if (!w.config.contains("\"percentage\":") || w.config.contains("sixty")) {
                configure(w, validConfig());
            }
        }
    }

    private void scale(Workloads.Workload w, int replicas) {
        int others = workloads.all().stream().filter(o -> o != w).mapToInt(o -> o.replicas).sum();
        int capped = Math.min(replicas, Workloads.MAX_TOTAL_REPLICAS - others);
        if (capped < 1 || capped == w.replicas) {
            return;
        }
        w.replicas = capped;
        workloads.patch(w, "{\"spec\":{\"replicas\":" + capped + "}}");
        log.record("workload", "scale", w + " to " + capped);
    }

    private void configure(Workloads.Workload w, String config) {
        w.config = config;
        workloads.patch(w, "{\"metadata\":{\"annotations\":{\"" + KEYS.spotConfig() + "\":" + quote(config) + "}}}");
        log.record("workload", "spot-config", w + " " + config);
    }

    private void optInOrOut(Workloads.Workload w) {
        w.enabled = !w.enabled;
        workloads.patch(w, "{\"metadata\":{\"labels\":{\"" + KEYS.spotEnabled() + "\":" + (w.enabled ? "\"true\"" : "null") + "}}}");
        log.record("workload", w.enabled ? "opt-in" : "opt-out", w.toString());
    }

    private void pdb(Workloads.Workload w) {
        var pdbs = client.policy().v1().podDisruptionBudget().inNamespace(workloads.namespace());
        if (w.pdb) {
            pdbs.withName(w.name).delete();
            workloads.pdbRemoved(w);
            log.record("workload", "pdb-delete", w.toString());
        } else {
            pdbs.resource(new PodDisruptionBudgetBuilder().withNewMetadata().withName(w.name).endMetadata()
                    .withNewSpec().withMaxUnavailable(new IntOrString(1)).withNewSelector().addToMatchLabels("app", w.name).endSelector()
                    .endSpec().build()).create();
            workloads.pdbAdded(w);
            log.record("workload", "pdb-create", w + " maxUnavailable=1");
        }
    }

    private void interruptOneSpotNode() {
        List<String> spot = sim.nodePools().nodeNames(NodePools.Pool.SPOT);
        if (spot.isEmpty()) {
            return;
        }
        String node = spot.get(random.nextInt(spot.size()));
        log.record("workload", "node-interruption", node);
        cloud.execute(() -> {
            try {
                sim.interruptSpotNode(node);
            } catch (IllegalArgumentException gone) { // drawn twice, or removed by an outage before its turn
                log.record("workload", "node-interruption-skipped", node + ": " + gone.getMessage());
            }
        });
    }

    private String validConfig() {
        return "{\"percentage\":" + PERCENTAGES[random.nextInt(PERCENTAGES.length)] + ",\"minOnDemandReplicas\":" + random.nextInt(3) + "}";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static PatchContext mergePatch() {
        return PatchContext.of(PatchType.JSON_MERGE);
    }
}
