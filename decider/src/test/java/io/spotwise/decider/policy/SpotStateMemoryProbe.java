package io.spotwise.decider.policy;

import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.RevisionLabels;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.AdmissionRequest;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.state.SpotState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the retained heap of {@link SpotState} for 10k workloads / 150k pods, a tick over it and placement
 * throughput (docs/policy.md, "Measured"). Not a test:
 * run it by hand with a fixed heap, e.g. {@code java -Xmx1g -XX:+UseSerialGC -cp ... SpotStateMemoryProbe}.
 */
public final class SpotStateMemoryProbe {

    private static final Logger LOG = LoggerFactory.getLogger(SpotStateMemoryProbe.class);

    private SpotStateMemoryProbe() {
    }

    public static void main(String[] args) {
        int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int podsPerWorkload = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        long before = used();
        SpotState state = new SpotState(PolicySettings.DEFAULTS);
        Instant now = Instant.parse("2026-06-25T10:00:00Z");
        for (int w = 0; w < workloads; w++) {
            String ns = "team-" + (w % 200);
            WorkloadRef ref = WorkloadRef.deployment(ns, "service-" + w);
            state.apply(new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, ref, UUID.randomUUID().toString(),
                    podsPerWorkload, true, null, SpotConfig.EMPTY, null, null, null, 1, "1", now));
            String rs = "service-" + w + "-7c9b4d5f8";
            for (int p = 0; p < podsPerWorkload; p++) {
                state.apply(new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION,
                        new PodRef(ns, rs + "-" + Integer.toString(100_000 + p * 7919, 36), UUID.randomUUID().toString()),
                        ref, new OwnerRef("ReplicaSet", rs, "x"), new String("7c9b4d5f8"), p % 2 == 0, "node-" + p,
                        null, null, "Running", "True", null, true, now, false, "1", now));
            }
        }
        long after = used();
        int pods = state.podCount();
        LOG.info("{} workloads, {} pods: {} bytes retained, {} bytes/pod (workload and owner overhead included)",
                workloads, pods, after - before, (after - before) / pods);
        ControlLoop loop = new ControlLoop(() -> UUID.randomUUID().toString());
        long ticks = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            ticks += loop.tick(state, now.plusSeconds(3600 + i * 10L)).size();
        }
        LOG.info("tick over the whole state: {} ms on average ({} actions)", (System.nanoTime() - start) / 20 / 1_000_000, ticks);
        PlacementPolicy placement = new PlacementPolicy();
        int decisions = 200_000;
        start = System.nanoTime();
        for (int i = 0; i < decisions; i++) {
            int w = i % workloads;
            String rs = "service-" + w + "-7c9b4d5f8";
            placement.place(state, new AdmissionRequest("team-" + (w % 200), null, rs + "-",
                    List.of(new OwnerRef("ReplicaSet", rs, "x")), Map.of(RevisionLabels.POD_TEMPLATE_HASH, "7c9b4d5f8")),
                    now.plusSeconds(7200));
        }
        LOG.info("placement: {} decisions per second on one thread", decisions * 1_000_000_000L / (System.nanoTime() - start));
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
