package io.spotwise.decider.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps the cost-growth harness (docs/benchmarks.md) from rotting: a tiny run, no figures asserted. */
@DisplayName("Cost-growth harness, smoke run (1,500 pods with realistic names)")
class DeciderScaleHarnessSmokeIT {

    @Test
    @DisplayName("holds every pod of the realistic cluster and ticks over it without an action (the split is exact)")
    void smoke() {
        DeciderScaleHarness.Result r = DeciderScaleHarness.stateAndTick(1_500, 2);
        assertThat(r.pods()).isEqualTo(1_500);
        assertThat(r.actions()).isZero();
    }
}
