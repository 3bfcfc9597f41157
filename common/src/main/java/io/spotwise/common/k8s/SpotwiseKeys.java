package io.spotwise.common.k8s;

import java.util.Objects;

/**
 * The label, annotation, node-selector and taint keys users see (DESIGN §1), under a configurable prefix
 * ({@code spotwise.io} by default; {@code autoscaling.datadoghq.com} is drop-in compatible with the Datadog scheduler).
 */
public record SpotwiseKeys(String prefix) {

    public static final String DEFAULT_PREFIX = "spotwise.io";
    public static final String INTERRUPTIBLE = "interruptible";
    public static final SpotwiseKeys DEFAULT = new SpotwiseKeys(DEFAULT_PREFIX);

    public SpotwiseKeys {
        Objects.requireNonNull(prefix, "prefix");
    }

    /** Workload label; opt-in when exactly "true". */
    public String spotEnabled() {
        return prefix + "/spot-enabled";
    }

    /** Workload annotation: {@code {"percentage":60,"minOnDemandReplicas":2}}. */
    public String spotConfig() {
        return prefix + "/spot-config";
    }

    /** Workload annotation written by the actuator: end of the fallback window, RFC 3339 UTC. */
    public String spotDisabledUntil() {
        return prefix + "/spot-disabled-until";
    }

    /** Workload annotation: {@code "true"} = observation mode (the webhook never patches, actions are dry-run). */
    public String spotDryRun() {
        return prefix + "/spot-dry-run";
    }

    /** Pod label written by the webhook on spot pods. */
    public String spotAssigned() {
        return prefix + "/spot-assigned";
    }

    /**
     * Pod annotation written by the webhook on spot pods: the id of the admission decision (on {@code spotwise.decisions})
     * that placed it, its reason and the counts it saw, e.g. {@code 3f2c… BELOW_SPOT_SHARE 2 spot / 2 on-demand}.
     */
    public String decision() {
        return prefix + "/decision";
    }

    /** Node label and taint key of spot nodes, and nodeSelector / toleration key of spot pods. */
    public String capacityType() {
        return prefix + "/capacity-type";
    }
}
