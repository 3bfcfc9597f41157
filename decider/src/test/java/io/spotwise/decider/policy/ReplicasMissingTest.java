package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.PodEviction;
import io.spotwise.contract.SplitCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Rebalancing waits while a workload has fewer live pods than its replicas (the controller has not replaced them yet)")
class ReplicasMissingTest {

    /** 10 replicas at 60 %, min 2: 6 spot / 4 on-demand, one minute old. */
    private static Sim balanced(String kind) {
        Sim sim = new Sim();
        Sim.Workload w = "StatefulSet".equals(kind) ? sim.statefulSet("db", 10, Sim.config(60, 2))
                : sim.deployment("web", 10, Sim.config(60, 2));
        sim.reconcile(w);
        assertThat(List.of(sim.spot(w), sim.onDemand(w))).containsExactly(6L, 4L);
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        return sim;
    }

    /** Ticks for {@code d} without executing anything: the controller creates nothing meanwhile. */
    private static List<Action> tickOnly(Sim sim, Duration d) {
        List<Action> all = new ArrayList<>();
        for (var end = sim.now.plus(d); sim.now.isBefore(end); sim.now = sim.now.plus(Sim.TICK)) {
            all.addAll(sim.tick());
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Deployment", "StatefulSet"})
    @DisplayName("spot outage: 4 spot pods deleted, 2 spot / 4 on-demand left → no eviction past the period; complete → evicted")
    void outageBeforeReplacements(String kind) {
        Sim sim = balanced(kind);
        Sim.Workload w = sim.workloads.get(0);
        List<Sim.Pod> reclaimed = sim.live(w).stream().filter(p -> p.spot).limit(4).toList();
        for (Sim.Pod p : reclaimed) { // the outage: deletionTimestamp, then gone
            p.deleting = true;
            sim.publish(p);
            sim.delete(p);
        }
        List<Action> held = tickOnly(sim, Duration.ofMinutes(3));
        assertThat(held).as("2 spot / 4 on-demand is not the split of 10 replicas").isEmpty();
        assertThat(sim.state.rebalancingPausedByReason()).containsEntry("replicas-missing", 1);

        for (int i = 0; i < reclaimed.size(); i++) { // the replacements, on-demand (spot is gone)
            Sim.Pod replacement = sim.create(w);
            replacement.spot = false;
            sim.publish(replacement);
        }
        assertThat(tickOnly(sim, Duration.ofSeconds(50))).as("a change: one stabilization period first").isEmpty();
        List<Action> after = tickOnly(sim, Duration.ofSeconds(20));
        assertThat(sim.state.rebalancingPausedByReason()).containsEntry("replicas-missing", 0);
        assertThat(after).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.EVICT_POD);
            assertThat(a.reason()).isEqualTo(ActionReason.REBALANCE_EXCESS_ON_DEMAND);
            SplitCounts counts = ((PodEviction) a).counts();
            assertThat(List.of(counts.spot(), counts.onDemand())).containsExactly(2, 8);
        });
    }

    @Test
    @DisplayName("scale-up: waits until the new pods exist; a scale-down (more pods than replicas) is no hold")
    void scaleUpAndDown() {
        Sim sim = RebalanceTest.withPods(60, 2, 0, 4); // 1 on-demand too many
        Sim.Workload web = sim.workloads.get(0);
        web.replicas = 8;
        sim.publish(web);
        assertThat(tickOnly(sim, Duration.ofMinutes(2))).isEmpty();
        assertThat(sim.state.rebalancingPausedByReason()).containsEntry("replicas-missing", 1);

        web.replicas = 2; // scaled down before the controller created anything: 4 pods above 2 replicas
        sim.publish(web);
        assertThat(sim.tick()).singleElement().satisfies(a -> assertThat(a.reason())
                .isEqualTo(ActionReason.REBALANCE_EXCESS_ON_DEMAND));
    }
}
