package io.spotwise.actuator.guard;

/** The guard's answer: act, or the outcome to report without acting and why. */
public record Verdict(Kind kind, String reason) {

    public enum Kind {
        /** Every precondition holds: go ahead. */
        PROCEED,
        /** The target no longer exists. */
        GONE,
        /** The target exists but is no longer the object the action was decided for, or no longer in the required state. */
        PRECONDITION_FAILED
    }

    public static final Verdict PROCEED = new Verdict(Kind.PROCEED, null);

    public static Verdict gone(String reason) {
        return new Verdict(Kind.GONE, reason);
    }

    public static Verdict failed(String reason) {
        return new Verdict(Kind.PRECONDITION_FAILED, reason);
    }

    public boolean proceed() {
        return kind == Kind.PROCEED;
    }
}
