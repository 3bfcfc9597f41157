package io.spotwise.decider.bench;

import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.RevisionLabels;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.policy.placement.AdmissionRequest;
import io.spotwise.decider.policy.state.SpotState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** A synthetic cluster: N opted-in Deployments (60 % spot, min 1) in 100 namespaces, M running pods each. */
public final class ClusterFixture {

    public static final String HASH = "5d4f8b7c9";
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    private ClusterFixture() {
    }

    public static WorkloadRef workload(int i) {
        return WorkloadRef.deployment("ns-" + (i % 100), "app-" + i);
    }

    public static WorkloadSnapshot workloadSnapshot(int i) {
        return new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, workload(i), "uid-w-" + i, 15, true,
                "{\"percentage\":60,\"minOnDemandReplicas\":1}", new SpotConfig(60, 1), null, null, null, 1, "1", CREATED);
    }

    public static PodSnapshot pod(int w, int p) {
        WorkloadRef ref = workload(w);
        String name = ref.name() + "-" + HASH + "-" + Integer.toString(p, 36) + "x7k2q";
        boolean spot = p % 5 < 3;
        return new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, new PodRef(ref.namespace(), name, "uid-p-" + w + "-" + p), ref,
                new OwnerRef("ReplicaSet", ref.name() + "-" + HASH, "uid-rs-" + w), HASH, spot, "node-" + (p % 300),
                spot ? "interruptible" : "on-demand", null, "Running", "True", null, true, CREATED, false, "1", CREATED);
    }

    /** Feeds every snapshot of the cluster, workload first then its pods. */
    public static void forEach(int workloads, int podsPerWorkload, Consumer<WorkloadSnapshot> w, Consumer<PodSnapshot> p) {
        for (int i = 0; i < workloads; i++) {
            w.accept(workloadSnapshot(i));
            for (int j = 0; j < podsPerWorkload; j++) {
                p.accept(pod(i, j));
            }
        }
    }

    public static void fill(SpotState state, int workloads, int podsPerWorkload) {
        forEach(workloads, podsPerWorkload, state::apply, state::apply);
    }

    /** The webhook's view of a new pod of workload i. */
    public static AdmissionRequest admission(int i) {
        WorkloadRef ref = workload(i);
        return new AdmissionRequest(ref.namespace(), null, ref.name() + "-" + HASH + "-",
                List.of(new OwnerRef("ReplicaSet", ref.name() + "-" + HASH, "uid-rs-" + i)),
                Map.of("app", ref.name(), RevisionLabels.POD_TEMPLATE_HASH, HASH));
    }
}
