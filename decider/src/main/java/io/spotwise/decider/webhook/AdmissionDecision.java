package io.spotwise.decider.webhook;

import java.util.Locale;

/**
 * What the webhook answers: always allowed; a JSON Patch (as JSON text) only for spot placements.
 *
 * @param patch    RFC 6902 JSON Patch document, null for "unchanged"
 * @param message  why, for the response's status message and the debug log
 */
public record AdmissionDecision(Result result, String patch, String message) {

    /** The outcome of one admission request; feeds the decisions metric. */
    public enum Result {
        SPOT, ON_DEMAND, UNMANAGED, NOT_READY, DRY_RUN, NOT_APPLICABLE, MALFORMED, TOO_LARGE, OVERLOADED, TIMEOUT, ERROR,
        /** Observation mode: spot would have been chosen; the pod is left unchanged. */
        WOULD_SPOT,
        /** Observation mode: on-demand would have been chosen (the pod is left unchanged either way). */
        WOULD_ON_DEMAND;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static AdmissionDecision unchanged(Result result, String message) {
        return new AdmissionDecision(result, null, message);
    }

    public static AdmissionDecision spot(String patch, String message) {
        return new AdmissionDecision(Result.SPOT, patch, message);
    }
}
