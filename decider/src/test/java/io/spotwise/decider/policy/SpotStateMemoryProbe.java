package io.spotwise.decider.policy;

import io.spotwise.common.contract.OwnerRef;
import io.spotwise.common.contract.PodRef;
import io.spotwise.common.contract.PodSnapshot;
import io.spotwise.common.contract.SpotConfig;
import io.spotwise.common.contract.SpotwiseRecord;
import io.spotwise.common.contract.WorkloadRef;
import io.spotwise.common.contract.WorkloadSnapshot;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the retained heap of {@link SpotState} for 10k workloads / 150k pods (docs/policy.md, "Memory"). Not a test:
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
        if (state.podCount() < 0) {
            LOG.info("keep the state reachable");
        }
    }

    private static long used() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
