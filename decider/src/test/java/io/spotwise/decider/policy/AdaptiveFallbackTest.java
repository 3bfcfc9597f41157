package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.fallback.FallbackWindow;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.WorkloadState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Adaptive fallback: repeated fallbacks lengthen the window (doubling, capped, reset after a clean period)")
class AdaptiveFallbackTest {

    /** Spot capacity goes away: the spot pods are lost and come back Pending; runs until the DISABLE_SPOT and returns it. */
    private static DisableSpot outage(Sim sim, Sim.Workload web) {
        sim.spotCapacity = false;
        for (Sim.Pod pod : new ArrayList<>(sim.live(web))) {
            if (pod.spot) {
                sim.delete(pod);
            }
        }
        sim.reconcile(web);
        for (int i = 0; i < 30; i++) {
            List<Action> actions = sim.tick();
            sim.execute(actions);
            sim.advance(Sim.TICK);
            for (Action a : actions) {
                if (a instanceof DisableSpot disable) {
                    return disable;
                }
            }
        }
        throw new AssertionError("no DISABLE_SPOT within 5 minutes");
    }

    /** Spot is back: runs through the window, the ENABLE_SPOT and the rebalancing back to the split. */
    private static void recover(Sim sim, Sim.Workload web, DisableSpot disable) {
        sim.spotCapacity = true;
        sim.run(Duration.between(sim.now, disable.disabledUntil()).plus(Duration.ofMinutes(8)));
        assertThat(List.of(sim.spot(web), sim.onDemand(web))).as("back at the split").containsExactly(6L, 4L);
    }

    private static Duration window(DisableSpot d) {
        return Duration.between(d.decidedAt(), d.disabledUntil());
    }

    @Test
    @DisplayName("fallbacks within an hour of the previous window: 2m, 4m, 8m, 16m, 16m (cap); the Event text says why")
    void doublesUpToTheCap() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 10, Sim.config(60, 2));
        sim.reconcile(web);
        List<Duration> windows = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DisableSpot disable = outage(sim, web);
            windows.add(window(disable));
            reasons.add(disable.windowReason());
            recover(sim, web, disable);
        }
        assertThat(windows).containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                Duration.ofMinutes(16), Duration.ofMinutes(16));
        assertThat(reasons.get(0)).as("a first fallback has the plain window").isNull();
        assertThat(reasons.get(1)).startsWith("window 4m instead of 2m: spot fell back again ")
                .contains("after the previous 2m window ended (within 1h)").endsWith("double the window up to 16m");
        assertThat(reasons.get(4)).startsWith("window 16m instead of 2m");
    }

    @Test
    @DisplayName("a fallback more than fallbackResetAfter after the previous window ends gets the base window again")
    void resetsAfterACleanPeriod() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 10, Sim.config(60, 2));
        sim.reconcile(web);
        DisableSpot first = outage(sim, web);
        recover(sim, web, first);
        DisableSpot second = outage(sim, web);
        assertThat(window(second)).isEqualTo(Duration.ofMinutes(4));
        recover(sim, web, second);
        sim.run(Duration.ofHours(1));
        DisableSpot third = outage(sim, web);
        assertThat(window(third)).isEqualTo(Duration.ofMinutes(2));
        assertThat(third.windowReason()).isNull();
    }

    @Test
    @DisplayName("off when fallbackMaxDuration is at most fallbackDuration: every window is the configured one")
    void offWhenCapIsTheBase() {
        Sim sim = new Sim(PolicySettings.DEFAULTS.withAdaptiveFallback(Duration.ofMinutes(2), Duration.ofHours(1)));
        Sim.Workload web = sim.deployment("web", 10, Sim.config(60, 2));
        sim.reconcile(web);
        DisableSpot first = outage(sim, web);
        recover(sim, web, first);
        DisableSpot second = outage(sim, web);
        assertThat(window(second)).isEqualTo(Duration.ofMinutes(2));
        assertThat(second.windowReason()).isNull();
    }

    @Test
    @DisplayName("a new leader continues the series from the DISABLE_SPOT it reads back, even one long answered")
    void newLeaderContinuesTheSeries() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 10, Sim.config(60, 2));
        sim.reconcile(web);
        DisableSpot first = outage(sim, web);
        recover(sim, web, first);
        DisableSpot second = outage(sim, web);
        recover(sim, web, second);
        SpotState fresh = new SpotState(PolicySettings.DEFAULTS);
        fresh.apply(second, sim.now); // read back from spotwise.actions by the next leader, outcome long seen
        WorkloadState ws = fresh.workload(web.ref);
        FallbackWindow next = FallbackWindow.next(PolicySettings.DEFAULTS, ws, sim.now);
        assertThat(next.length()).isEqualTo(Duration.ofMinutes(8));
    }

    @Test
    @DisplayName("a DISABLE_SPOT that could not be written does not count: the next one has the same window")
    void unwrittenDoesNotCount() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 10, Sim.config(60, 2));
        sim.reconcile(web);
        DisableSpot first = outage(sim, web);
        recover(sim, web, first);
        sim.spotCapacity = false;
        sim.live(web).stream().filter(p -> p.spot).toList().forEach(sim::delete);
        sim.reconcile(web);
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        List<Action> decided = sim.tick();
        assertThat(Sim.types(decided)).containsExactly(ActionType.DISABLE_SPOT);
        assertThat(window((DisableSpot) decided.get(0))).isEqualTo(Duration.ofMinutes(4));
        sim.state.unwritten(decided.get(0));
        List<Action> again = sim.tick();
        assertThat(Sim.types(again)).containsExactly(ActionType.DISABLE_SPOT);
        assertThat(window((DisableSpot) again.get(0))).isEqualTo(Duration.ofMinutes(4));
    }
}
