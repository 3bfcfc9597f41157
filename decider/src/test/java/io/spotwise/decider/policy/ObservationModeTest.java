package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.decider.policy.config.PolicySettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Observation mode: every would-be action flagged dry-run, and a dry-run disable never sends pods on-demand")
class ObservationModeTest {

    @Test
    @DisplayName("cluster-wide: fallback decides a dry-run DISABLE_SPOT, placement stays on the split, the would-be evictions follow its DRY_RUN")
    void clusterWideFallback() {
        Sim sim = new Sim(PolicySettings.DEFAULTS.withDryRun(true));
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 2, Sim.config(100, 0));
        sim.reconcile(web);
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        List<Action> disable = sim.tick();
        assertThat(disable).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.DISABLE_SPOT);
            assertThat(a.dryRun()).isTrue();
        });
        assertThat(sim.state.isDisabled(web.ref, sim.now)).as("placement is not sent on-demand").isFalse();
        sim.execute(disable); // DRY_RUN
        sim.now = sim.now.plusSeconds(10);
        List<Action> evictions = sim.tick();
        assertThat(evictions).hasSize(2).allSatisfy(a -> {
            assertThat(a.type()).isEqualTo(ActionType.EVICT_POD);
            assertThat(a.dryRun()).isTrue();
        });
        sim.execute(evictions);
        sim.now = sim.now.plusSeconds(10);
        assertThat(sim.tick()).as("no second disable inside the would-be window, no tight loop").isEmpty();
        assertThat(sim.live(web)).as("nothing was evicted").hasSize(2).allSatisfy(p -> assertThat(p.spot).isTrue());
    }

    @Test
    @DisplayName("per workload (<prefix>/spot-dry-run): only that workload's actions are dry-run")
    void perWorkload() {
        Sim sim = new Sim();
        sim.spotCapacity = false;
        Sim.Workload observed = sim.deployment("observed", 1, Sim.config(100, 0));
        observed.dryRun = true;
        sim.publish(observed);
        Sim.Workload web = sim.deployment("web", 1, Sim.config(100, 0));
        sim.reconcile(observed);
        sim.reconcile(web);
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        List<Action> actions = sim.tick();
        assertThat(actions).hasSize(2).allSatisfy(a -> assertThat(a.type()).isEqualTo(ActionType.DISABLE_SPOT));
        assertThat(actions).filteredOn(a -> a.workload().equals(observed.ref)).singleElement().satisfies(a -> assertThat(a.dryRun()).isTrue());
        assertThat(actions).filteredOn(a -> a.workload().equals(web.ref)).singleElement().satisfies(a -> assertThat(a.dryRun()).isFalse());
        assertThat(sim.state.isDisabled(observed.ref, sim.now)).isFalse();
        assertThat(sim.state.isDisabled(web.ref, sim.now)).isTrue();
    }
}
