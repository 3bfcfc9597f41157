package io.spotwise.actuator.guard;

/**
 * What the guard needs to know of a live object, read from the API server just before acting.
 *
 * @param uid          metadata.uid
 * @param phase        status.phase for pods, null for workloads
 * @param terminating  metadata.deletionTimestamp is set
 */
public record LiveObject(String uid, String phase, boolean terminating) {
}
