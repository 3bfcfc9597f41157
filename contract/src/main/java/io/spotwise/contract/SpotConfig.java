package io.spotwise.contract;

/**
 * The fields of a workload's {@code <prefix>/spot-config} annotation as written by the user. Each is null when absent;
 * range checks and defaults are the decider's business.
 */
public record SpotConfig(Integer percentage, Integer minOnDemandReplicas) {

    public static final SpotConfig EMPTY = new SpotConfig(null, null);
}
