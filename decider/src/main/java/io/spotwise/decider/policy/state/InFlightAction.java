package io.spotwise.decider.policy.state;

import io.spotwise.contract.ActionType;

/**
 * An action we emitted and whose outcome has not arrived; it stops blocking at {@code expiresAt} (epoch millis).
 * {@code fallback}: a fallback eviction (re-enable waits for those).
 */
record InFlightAction(String id, ActionType type, WorkloadState workload, PodEntry pod, long expiresAt, boolean fallback) {
}
