package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.decider.policy.config.PolicySettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Interruption-aware accounting: pods on nodes being disrupted count as leaving")
class InterruptionAwareTest {

    private static final String DISRUPTED = "karpenter.sh/disrupted";

    private static Sim balanced(PolicySettings settings) {
        Sim sim = new Sim(settings);
        Sim.Workload web = sim.deployment("web", 10, Sim.config(60, 2));
        sim.reconcile(web);
        sim.run(Duration.ofMinutes(2));
        assertThat(List.of(sim.spot(web), sim.onDemand(web))).containsExactly(6L, 4L);
        return sim;
    }

    private static List<Sim.Pod> disrupt(Sim sim, boolean spot, int count) {
        List<Sim.Pod> pods = sim.live(sim.workloads.get(0)).stream().filter(p -> p.spot == spot).limit(count).toList();
        pods.forEach(p -> {
            p.nodeDisruption = DISRUPTED;
            sim.publish(p);
        });
        return pods;
    }

    private static long rebalancingEvictions(List<Action> actions) {
        return actions.stream().filter(a -> a.type() == ActionType.EVICT_POD && a.reason() != ActionReason.FALLBACK).count();
    }

    @ParameterizedTest(name = "interruptionAware={0}: the first replacement of 2 reclaimed spot pods goes to spot={1}, rebalancing evictions after={2}")
    @CsvSource({"true, true, 0", "false, false, 1"})
    @DisplayName("the replacements of pods on a reclaimed node are placed as if those pods were gone")
    void replacementsAsIfGone(boolean aware, boolean replacementsOnSpot, long evictionsAfter) {
        Sim sim = balanced(PolicySettings.DEFAULTS.withInterruptions(aware, 0, Duration.ofSeconds(10)));
        Sim.Workload web = sim.workloads.get(0);
        List<Sim.Pod> leaving = disrupt(sim, true, 2);
        // the node is drained: the ReplicaSet replaces the pods before their deletion reaches the decider
        Sim.Pod first = sim.create(web);
        Sim.Pod second = sim.create(web);
        leaving.forEach(sim::delete);
        assertThat(first.spot).as("the first replacement").isEqualTo(replacementsOnSpot);
        assertThat(second.spot).as("the second replacement").isTrue();
        assertThat(List.of(sim.spot(web), sim.onDemand(web))).containsExactly(aware ? 6L : 5L, aware ? 4L : 5L);
        assertThat(rebalancingEvictions(sim.run(Duration.ofMinutes(5)))).isEqualTo(evictionsAfter);
        assertThat(List.of(sim.spot(web), sim.onDemand(web))).containsExactly(6L, 4L);
    }

    @Test
    @DisplayName("no rebalancing eviction while pods of the workload are on disrupted nodes (gauge nodes-disrupted); resumes after")
    void rebalancingWaits() {
        Sim sim = balanced(PolicySettings.DEFAULTS);
        Sim.Workload web = sim.workloads.get(0);
        web.config = Sim.config(80, 2); // 8 spot / 2 on-demand now: 2 on-demand too many
        sim.publish(web);
        List<Sim.Pod> leaving = disrupt(sim, false, 1);
        List<Action> held = sim.run(Duration.ofMinutes(5));
        assertThat(rebalancingEvictions(held)).as("the split changes anyway when the node goes").isZero();
        assertThat(sim.state.rebalancingPausedByReason()).containsEntry("nodes-disrupted", 1);
        assertThat(held).noneMatch(a -> a.type() == ActionType.REPORT_REBALANCE_PAUSED);
        leaving.forEach(sim::delete); // the node is gone; the ReplicaSet replaces the pod on spot
        sim.reconcile(web);
        List<Action> after = sim.run(Duration.ofMinutes(5));
        assertThat(sim.state.rebalancingPausedByReason()).containsEntry("nodes-disrupted", 0);
        assertThat(rebalancingEvictions(after)).isEqualTo(1);
        assertThat(List.of(sim.spot(web), sim.onDemand(web))).containsExactly(8L, 2L);
    }

    @Test
    @DisplayName("an interruption burst (share ≥ 50 %) falls back after 10 s instead of the 1 m schedule timeout; the Event says why")
    void burstFallsBackEarly() {
        Sim sim = balanced(PolicySettings.DEFAULTS.withInterruptions(true, 50, Duration.ofSeconds(10)));
        Sim.Workload web = sim.workloads.get(0);
        List<Sim.Pod> leaving = disrupt(sim, true, 4);
        sim.tick(); // the leader sees 4 of 6 spot pods on disrupted nodes
        sim.spotCapacity = false;
        leaving.forEach(sim::delete);
        sim.reconcile(web); // 4 replacements, on spot, Pending
        sim.now = sim.now.plus(Duration.ofSeconds(20));
        List<Action> actions = sim.tick();
        assertThat(Sim.types(actions)).containsExactly(ActionType.DISABLE_SPOT);
        DisableSpot disable = (DisableSpot) actions.get(0);
        assertThat(disable.scheduleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(disable.windowReason()).isEqualTo("early: an interruption burst, 4 of 6 bound spot pods of opted-in "
                + "workloads are on nodes being disrupted (threshold 50 %)");
    }

    @Test
    @DisplayName("by default (share 0) a burst changes nothing: the fallback waits the whole schedule timeout")
    void burstOffByDefault() {
        Sim sim = balanced(PolicySettings.DEFAULTS);
        Sim.Workload web = sim.workloads.get(0);
        List<Sim.Pod> leaving = disrupt(sim, true, 6);
        sim.tick();
        sim.spotCapacity = false;
        leaving.forEach(sim::delete);
        sim.reconcile(web);
        sim.now = sim.now.plus(Duration.ofSeconds(50));
        assertThat(sim.tick()).isEmpty();
        sim.now = sim.now.plus(Duration.ofSeconds(10));
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.DISABLE_SPOT);
    }
}
