package io.spotwise.decider.policy.config;

import io.spotwise.contract.SplitCounts;

/** The split arithmetic of the reference (§3.2 placement rule, §6 excess formula), integer and truncating. */
public final class Split {

    /** Excess in one direction at most. */
    public record Excess(int spot, int onDemand) {
        static final Excess NONE = new Excess(0, 0);

        public boolean any() {
            return spot > 0 || onDemand > 0;
        }
    }

    private Split() {
    }

    /** Reference §3.2: true when the next pod of a set with these counts goes to spot. */
    public static boolean nextIsSpot(int spot, int onDemand, int percentage, int minOnDemand) {
        if (onDemand < minOnDemand) {
            return false;
        }
        int total = spot + onDemand;
        return spot < desiredSpotForNext(total, percentage);
    }

    public static int desiredSpotForNext(int total, int percentage) {
        return (int) ((long) (total + 1) * percentage / 100);
    }

    /** Reference §6, tracked pods only; an empty set has no excess. */
    public static Excess excess(int spot, int onDemand, int percentage, int minOnDemand) {
        if (spot + onDemand == 0) {
            return Excess.NONE;
        }
        if (onDemand < minOnDemand) {
            return new Excess(minOnDemand - onDemand, 0);
        }
        int total = spot + onDemand;
        int desiredSpot = (int) ((long) total * percentage / 100);
        if (spot > desiredSpot) {
            return new Excess(spot - desiredSpot, 0);
        }
        int desiredOnDemand = Math.max(total - desiredSpot, minOnDemand);
        if (onDemand > desiredOnDemand) {
            return new Excess(0, onDemand - desiredOnDemand);
        }
        return Excess.NONE;
    }

    /** The split a set of {@code total} pods aims at: on-demand at least min (when there are that many pods). */
    public static SplitCounts counts(String owner, int spot, int onDemand, EffectiveConfig config) {
        int total = spot + onDemand;
        int desiredSpot = Math.max(0, Math.min((int) ((long) total * config.percentage() / 100),
                total - config.minOnDemandReplicas()));
        return new SplitCounts(owner, spot, onDemand, desiredSpot, total - desiredSpot, config.percentage(),
                config.minOnDemandReplicas());
    }
}
