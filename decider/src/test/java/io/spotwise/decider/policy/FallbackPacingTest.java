package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.OutcomeResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Fallback evictions wait for the disable to take effect; re-enable waits for the evictions")
class FallbackPacingTest {

    /** 2 spot pods at 100 %, no spot capacity, timed out. */
    private static Sim timedOut() {
        Sim sim = new Sim();
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 2, Sim.config(100, 0));
        sim.reconcile(web);
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        return sim;
    }

    @Test
    @DisplayName("the tick that disables emits no eviction; after the PATCHED outcome the next tick evicts")
    void evictionsAfterPatched() {
        Sim sim = timedOut();
        List<Action> first = sim.tick();
        assertThat(Sim.types(first)).containsExactly(ActionType.DISABLE_SPOT);
        sim.now = sim.now.plusSeconds(10);
        assertThat(sim.tick()).as("no outcome yet: replacements could still land on spot").isEmpty();
        sim.execute(first);
        sim.now = sim.now.plusSeconds(10);
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.EVICT_POD, ActionType.EVICT_POD);
    }

    @Test
    @DisplayName("PATCHED before the annotation comes back through the watcher is enough")
    void patchedOutcomeAlone() {
        Sim sim = timedOut();
        Action disable = sim.tick().get(0);
        sim.state.apply(sim.outcome(disable, OutcomeResult.PATCHED), sim.now);
        sim.now = sim.now.plusSeconds(10);
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.EVICT_POD, ActionType.EVICT_POD);
    }

    @Test
    @DisplayName("a FAILED disable: no eviction at all; the disable is decided again")
    void failedDisableEvictsNothing() {
        Sim sim = timedOut();
        sim.disableResult = OutcomeResult.FAILED;
        List<Action> all = sim.run(Duration.ofMinutes(3));
        assertThat(all).isNotEmpty().allSatisfy(a -> assertThat(a.type()).isEqualTo(ActionType.DISABLE_SPOT));
        assertThat(sim.live(sim.workloads.get(0))).allSatisfy(p -> assertThat(p.spot).isTrue());
    }

    @Test
    @DisplayName("no ENABLE_SPOT while a fallback eviction of the workload is still in flight")
    void noEnableWhileEvicting() {
        Sim sim = timedOut();
        sim.execute(sim.tick());
        sim.now = sim.now.plusSeconds(10);
        List<Action> evictions = sim.tick(); // decided, never answered (queued at the actuator)
        assertThat(evictions).hasSize(2);
        sim.now = sim.now.plus(Duration.ofMinutes(3)); // the window is over
        assertThat(Sim.types(sim.tick())).doesNotContain(ActionType.ENABLE_SPOT);
        evictions.forEach(a -> sim.state.apply(sim.outcome(a, OutcomeResult.EVICTED), sim.now));
        sim.now = sim.now.plusSeconds(10);
        assertThat(Sim.types(sim.tick())).contains(ActionType.ENABLE_SPOT);
    }
}
