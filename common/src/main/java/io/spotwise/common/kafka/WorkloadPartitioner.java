package io.spotwise.common.kafka;

import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.WorkloadRef;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Co-partitioning: a workload's records and all its pods' records land on the partition of the workload key, with
 * the same murmur2 hash Kafka's default partitioner uses for keys. Every producer of the state topics sets the
 * partition explicitly through this class; pods without a workload hash their own key.
 */
public final class WorkloadPartitioner {

    private WorkloadPartitioner() {
    }

    public static int partition(String partitionKey, int numPartitions) {
        if (numPartitions <= 0) {
            throw new IllegalArgumentException("numPartitions must be positive, was " + numPartitions);
        }
        return Utils.toPositive(Utils.murmur2(partitionKey.getBytes(StandardCharsets.UTF_8))) % numPartitions;
    }

    public static int forWorkload(WorkloadRef workload, int numPartitions) {
        return partition(workload.key(), numPartitions);
    }

    /** The partition of a pod's record: its workload's, or its own key's when it has none. */
    public static int forPod(PodSnapshot pod, int numPartitions) {
        return pod.workload() != null ? forWorkload(pod.workload(), numPartitions) : partition(pod.pod().key(), numPartitions);
    }
}
