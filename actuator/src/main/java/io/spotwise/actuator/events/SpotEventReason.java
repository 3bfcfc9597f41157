package io.spotwise.actuator.events;

/** The six Event reasons of DESIGN §3 and SpotRebalancingPaused (issue 12), each with its type. */
public enum SpotEventReason {
    SpotRebalancingEviction("Warning"),
    SpotFallbackEviction("Warning"),
    SpotSchedulingDisabled("Warning"),
    SpotSchedulingEnabled("Normal"),
    SpotEvictionBlocked("Warning"),
    SpotConfigInvalid("Warning"),
    /** A rollout holds rebalancing back (paused, OnDelete, stuck): information, the rollout is the user's. */
    SpotRebalancingPaused("Normal");

    private final String type;

    SpotEventReason(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }
}
