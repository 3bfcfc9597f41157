package io.spotwise.decider.bench;

import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A cluster with names as Kubernetes makes them: Deployments like {@code checkout-service-42} in 100 namespaces
 * ({@code prod-payments-7}), ReplicaSets with a 10-character pod-template-hash, pods like
 * {@code checkout-service-42-7d9f8b6c5d-x7k2p} (≈ 35 characters), random canonical 36-character UIDs, 15 pods per
 * workload (60 % spot, min 1), nodes like {@code ip-10-0-12-34.eu-west-1.compute.internal}. Deterministic (seeded).
 */
public final class RealisticCluster {

    public static final int PODS_PER_WORKLOAD = 15;
    private static final String[] SERVICES = {"checkout-service", "payment-gateway", "inventory-api", "recommendation-engine",
            "user-profile-service", "notification-worker", "search-indexer", "order-history-api"};
    private static final String[] TEAMS = {"payments", "storefront", "logistics", "identity", "growth"};
    private static final String SAFE = "bcdfghjklmnpqrstvwxz2456789";
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private RealisticCluster() {
    }

    public static WorkloadRef workload(int i) {
        return WorkloadRef.deployment("prod-" + TEAMS[i % TEAMS.length] + "-" + (i % 100), SERVICES[i % SERVICES.length] + "-" + i);
    }

    /** Every snapshot of a cluster of {@code pods} pods ({@code pods / 15} workloads), workload first then its pods. */
    public static void forEach(int pods, Consumer<WorkloadSnapshot> w, Consumer<PodSnapshot> p) {
        Random random = new Random(42);
        for (int i = 0; i < pods / PODS_PER_WORKLOAD; i++) {
            WorkloadRef ref = workload(i);
            w.accept(new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, ref, uid(random), PODS_PER_WORKLOAD, true,
                    "{\"percentage\":60,\"minOnDemandReplicas\":1}", new SpotConfig(60, 1), null, null, null, 1, "1", CREATED));
            String hash = safe(random, 10);
            String rs = ref.name() + "-" + hash;
            OwnerRef owner = new OwnerRef("ReplicaSet", rs, uid(random));
            for (int j = 0; j < PODS_PER_WORKLOAD; j++) {
                boolean spot = j % 5 < 3;
                String node = "ip-10-0-" + random.nextInt(256) + "-" + random.nextInt(256) + ".eu-west-1.compute.internal";
                p.accept(new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, new PodRef(ref.namespace(), rs + "-" + safe(random, 5),
                        uid(random)), ref, owner, hash, spot, node, spot ? "spot" : "on-demand", null, "Running", "True", null, true,
                        CREATED, false, "1", CREATED));
            }
        }
    }

    private static String uid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static String safe(Random random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(SAFE.charAt(random.nextInt(SAFE.length())));
        }
        return b.toString();
    }
}
