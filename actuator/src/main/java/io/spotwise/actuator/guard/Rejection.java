package io.spotwise.actuator.guard;

import java.util.Locale;

/** Why the guard refused an action (outcome REJECTED); {@link Reason} is the metric label. */
public record Rejection(Reason reason, String message) {

    public enum Reason {
        /** The workload's namespace is not included, or is excluded ({@code SPOTWISE_ACTUATOR_NAMESPACES_*}). */
        NAMESPACE_OUT_OF_SCOPE,
        /** The live workload does not carry {@code <prefix>/spot-enabled=true}. */
        WORKLOAD_NOT_OPTED_IN,
        /** The live workload (or the pod's live owner chain) has another UID than the action names. */
        WORKLOAD_UID_MISMATCH,
        /** The pod's live owner references do not lead to the action's workload. */
        POD_NOT_OF_WORKLOAD;

        /** The Prometheus label value: {@code namespace_out_of_scope}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
