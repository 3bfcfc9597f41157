package io.spotwise.contract;

/**
 * The counts a decision was based on, for one direct owner (ReplicaSet / StatefulSet).
 *
 * @param owner            the direct owner's name the counts are for, null for workload-level decisions
 * @param spot             pods on spot (spot-assigned)
 * @param onDemand         pods on on-demand
 * @param desiredSpot      what the split wants on spot
 * @param desiredOnDemand  what the split wants on on-demand
 */
public record SplitCounts(String owner, int spot, int onDemand, int desiredSpot, int desiredOnDemand,
        int percentage, int minOnDemandReplicas) {
}
