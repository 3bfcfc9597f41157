package io.spotwise.actuator.events;

/** The six Event reasons of DESIGN §3, each with its type. */
public enum SpotEventReason {
    SpotRebalancingEviction("Warning"),
    SpotFallbackEviction("Warning"),
    SpotSchedulingDisabled("Warning"),
    SpotSchedulingEnabled("Normal"),
    SpotEvictionBlocked("Warning"),
    SpotConfigInvalid("Warning");

    private final String type;

    SpotEventReason(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }
}
