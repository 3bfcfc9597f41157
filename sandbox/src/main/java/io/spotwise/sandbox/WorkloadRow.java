package io.spotwise.sandbox;

/**
 * One line of the live view: a workload's desired and actual split.
 *
 * @param state  e.g. "balanced", "converging", "fallback until 10:15:30Z", "not managed"
 */
public record WorkloadRow(String workload, int replicas, int desiredSpot, int desiredOnDemand, int spot, int onDemand,
        int pending, String state) {

    public boolean balanced() {
        return pending == 0 && spot == desiredSpot && onDemand == desiredOnDemand;
    }
}
