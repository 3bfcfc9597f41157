package io.spotwise.chaos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One campaign: the seed (the workload generator and the nemesis draw everything from it), how long faults are
 * injected, how long the stack then gets to converge, where logs and the report go, and the skew of the second
 * decider's clock.
 */
public record CampaignSettings(long seed, Duration faults, Duration settle, Path home, Duration deciderClockSkew) {

    public static CampaignSettings of(long seed, Duration faults, Path home) {
        return new CampaignSettings(seed, faults, Duration.ofMinutes(3), home, Duration.ofSeconds(-5));
    }

    public CampaignSettings withClockSkew(Duration skew) {
        return new CampaignSettings(seed, faults, settle, home, skew);
    }

    public CampaignSettings withSettle(Duration settle) {
        return new CampaignSettings(seed, faults, settle, home, deciderClockSkew);
    }
}
