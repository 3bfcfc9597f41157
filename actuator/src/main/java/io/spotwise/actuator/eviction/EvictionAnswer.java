package io.spotwise.actuator.eviction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the API server answered to one POST of a policy/v1 Eviction, classified. Pure: built from the HTTP status, the
 * Status body's message and its causes (reason + message), and the Retry-After header.
 */
public record EvictionAnswer(Kind kind, int httpStatus, String message, String pdbName, long retryAfterMillis) {

    public enum Kind {
        EVICTED,
        NOT_FOUND,
        /** 409: the UID precondition of the Eviction's delete options did not match (pod recreated under the same name). */
        CONFLICT,
        BLOCKED_BY_PDB,
        /** 429 from API priority and fairness, 5xx, or no answer at all: worth another try after a backoff. */
        RETRYABLE,
        /** Will not get better by retrying (403, 422, 500 with more than one PodDisruptionBudget, ...). */
        TERMINAL
    }

    /** One cause of a Status body. */
    public record Cause(String reason, String message) {
    }

    private static final Pattern PDB_NAME = Pattern.compile("[Dd]isruption budget ([a-z0-9]([-a-z0-9.]*[a-z0-9])?)");

    public static EvictionAnswer classify(int status, String message, List<Cause> causes, long retryAfterMillis) {
        String text = message == null ? "" : message;
        if (status >= 200 && status < 300) {
            return new EvictionAnswer(Kind.EVICTED, status, text, null, 0);
        }
        if (status == 404) {
            return new EvictionAnswer(Kind.NOT_FOUND, status, text, null, 0);
        }
        if (status == 409) {
            return new EvictionAnswer(Kind.CONFLICT, status, text, null, 0);
        }
        if (status == 429) {
            for (Cause cause : causes) {
                if ("DisruptionBudget".equals(cause.reason())) {
                    String detail = cause.message() == null || cause.message().isBlank() ? text : cause.message();
                    return new EvictionAnswer(Kind.BLOCKED_BY_PDB, status, detail, pdbName(detail), retryAfterMillis);
                }
            }
            return new EvictionAnswer(Kind.RETRYABLE, status, text.isEmpty() ? "429 Too Many Requests" : text, null, retryAfterMillis);
        }
        if (status == 500 && text.contains("more than one PodDisruptionBudget")) {
            return new EvictionAnswer(Kind.TERMINAL, status, text, null, 0);
        }
        if (status >= 500 || status == 0) {
            return new EvictionAnswer(Kind.RETRYABLE, status, text.isEmpty() ? "HTTP " + status : text, null, retryAfterMillis);
        }
        return new EvictionAnswer(Kind.TERMINAL, status, text.isEmpty() ? "HTTP " + status : text, null, 0);
    }

    /** An attempt that got no HTTP answer at all (connection refused, timeout): retryable. */
    public static EvictionAnswer noAnswer(String why) {
        return new EvictionAnswer(Kind.RETRYABLE, 0, why, null, 0);
    }

    /**
     * A retry's 404 or 409 after an earlier try got no answer (or a 5xx): that try evicted the pod and its answer was
     * lost on the way back. Counted as the eviction it was.
     */
    public static EvictionAnswer evictedUnanswered(EvictionAnswer retry) {
        return new EvictionAnswer(Kind.EVICTED, retry.httpStatus(), "evicted by an earlier try whose answer was lost (the retry answered "
                + retry.httpStatus() + ")", null, 0);
    }

    static String pdbName(String text) {
        Matcher m = PDB_NAME.matcher(text == null ? "" : text);
        return m.find() ? m.group(1) : null;
    }
}
