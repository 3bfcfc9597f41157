package io.spotwise.actuator.guard;

import java.util.Map;

/**
 * What the guard needs of a live Deployment / StatefulSet, read just before acting.
 *
 * @param labels  metadata.labels, empty when none
 */
public record LiveWorkload(String uid, Map<String, String> labels, boolean terminating) {

    public LiveWorkload {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
