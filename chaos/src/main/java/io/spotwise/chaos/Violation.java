package io.spotwise.chaos;

/**
 * One broken guarantee, precisely enough to reproduce and fix: the workload, the action id, what was seen.
 *
 * @param actionId null when the violation concerns no single action (a service not ready, a workload not converged)
 */
public record Violation(Guarantee guarantee, String workload, String actionId, String detail) {

    @Override
    public String toString() {
        return guarantee + " " + (workload == null ? "-" : workload) + " action=" + (actionId == null ? "-" : actionId) + ": " + detail;
    }
}
