package io.spotwise.decider.policy.state;

import io.spotwise.contract.WorkloadRef;

/**
 * What the metrics show per opted-in workload, summed over its direct owners (tracked pods only, no in-flight
 * admissions, as the reference's {@code pods} and {@code excess_pods} gauges).
 */
public record WorkloadSummary(WorkloadRef workload, int spotPods, int onDemandPods, int excessSpot, int excessOnDemand,
        boolean fallbackActive) {
}
