package io.spotwise.decider.policy.config;

import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.WorkloadSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A workload's config as the policy uses it: cluster defaults overridden by its spot-config annotation, following
 * the reference (§1.3): an unreadable annotation is ignored as a whole, an out-of-range field is ignored alone, an
 * unparsable spot-disabled-until means "not disabled". Unlike the reference, each problem is kept so it can be
 * reported (SpotConfigInvalid), saying what is used instead.
 *
 * @param disabledUntil  end of the fallback window from the annotation, null when none
 * @param problems       what is wrong with the spot-config annotation, empty when nothing is
 */
public record EffectiveConfig(int percentage, int minOnDemandReplicas, Instant disabledUntil, List<String> problems) {

    public EffectiveConfig {
        problems = List.copyOf(problems);
    }

    public static EffectiveConfig of(PolicySettings settings, WorkloadSnapshot snapshot) {
        int percentage = settings.defaultPercentage();
        int min = settings.defaultMinOnDemandReplicas();
        List<String> problems = new ArrayList<>(2);
        String annotation = settings.keys().spotConfig();
        if (snapshot.spotConfigError() != null) {
            problems.add(annotation + " " + quoted(snapshot.spotConfigRaw()) + " is unreadable (" + snapshot.spotConfigError()
                    + "); using the defaults percentage=" + percentage + ", minOnDemandReplicas=" + min);
        } else {
            SpotConfig c = snapshot.spotConfig();
            if (c.percentage() != null) {
                if (c.percentage() >= 0 && c.percentage() <= 100) {
                    percentage = c.percentage();
                } else {
                    problems.add(annotation + " percentage=" + c.percentage() + " is out of range [0, 100]; using "
                            + percentage);
                }
            }
            if (c.minOnDemandReplicas() != null) {
                if (c.minOnDemandReplicas() >= 0) {
                    min = c.minOnDemandReplicas();
                } else {
                    problems.add(annotation + " minOnDemandReplicas=" + c.minOnDemandReplicas() + " must be >= 0; using "
                            + min);
                }
            }
        }
        return new EffectiveConfig(percentage, min, snapshot.disabledUntil(), problems);
    }

    private static String quoted(String raw) {
        return raw == null ? "(empty)" : "'" + raw + "'";
    }

    /** The reference's test: strictly before the end of the window. */
    public boolean disabledAt(Instant now) {
        return disabledUntil != null && now.isBefore(disabledUntil);
    }

    public boolean valid() {
        return problems.isEmpty();
    }
}
