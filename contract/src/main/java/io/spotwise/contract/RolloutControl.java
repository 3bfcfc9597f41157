package io.spotwise.contract;

/**
 * How a workload's controller replaces its pods, as far as the decider's rollout pause needs it (part of
 * {@link WorkloadSnapshot}; null in records of older watchers).
 *
 * @param paused          Deployment {@code spec.paused}; false for a StatefulSet
 * @param updateStrategy  Deployment {@code spec.strategy.type} (RollingUpdate / Recreate) or StatefulSet
 *                        {@code spec.updateStrategy.type} (RollingUpdate / OnDelete); null when unset
 * @param partition       StatefulSet {@code spec.updateStrategy.rollingUpdate.partition}; 0 when unset or a Deployment
 */
public record RolloutControl(boolean paused, String updateStrategy, int partition) {

    /** StatefulSet update strategy under which pods are only replaced when someone deletes them. */
    public static final String ON_DELETE = "OnDelete";

    public boolean onDelete() {
        return ON_DELETE.equals(updateStrategy);
    }
}
