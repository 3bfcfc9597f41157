package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.rebalance.DeletionCostPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Pod-deletion-cost: a ReplicaSet's scale-in removes the over-represented capacity type first")
class DeletionCostTest {

    private static final PolicySettings ON = PolicySettings.DEFAULTS.withDeletionCost(true, 50);

    private static List<SetDeletionCost> costs(List<Action> actions) {
        return actions.stream().filter(a -> a instanceof SetDeletionCost).map(a -> (SetDeletionCost) a).toList();
    }

    private static long rebalancingEvictions(List<Action> actions) {
        return actions.stream().filter(a -> a.type() == ActionType.EVICT_POD && a.reason() != ActionReason.FALLBACK).count();
    }

    @Test
    @DisplayName("10 pods at 60 %, min 2: ranked in placement order (od od s s s od s od s s), written once, then only for new pods")
    void ranksInPlacementOrder() {
        Sim sim = new Sim(ON);
        Sim.Workload web = sim.deployment("web", 10, Sim.config(60, 2));
        sim.reconcile(web);
        List<SetDeletionCost> first = costs(sim.tick());
        assertThat(first).hasSize(10).allSatisfy(c -> {
            assertThat(c.owner()).isEqualTo(web.owner);
            assertThat(c.pod().uid()).isEqualTo(sim.pods.get(c.pod().name()).uid);
        });
        Map<Integer, Boolean> spotByRank = first.stream().collect(Collectors.toMap(
                c -> DeletionCostPolicy.BASE - c.cost(), c -> sim.pods.get(c.pod().name()).spot));
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10).stream().map(spotByRank::get).toList())
                .containsExactly(false, false, true, true, true, false, true, false, true, true);
        sim.execute(first.stream().map(c -> (Action) c).toList());
        sim.advance(Sim.TICK);
        assertThat(costs(sim.tick())).as("unchanged values are not written again").isEmpty();
        web.replicas = 12;
        sim.publish(web);
        sim.reconcile(web);
        assertThat(costs(sim.tick())).as("only the two new pods").hasSize(2);
    }

    @Test
    @DisplayName("at most deletionCostPerTick writes per tick; the rest follow on the next ticks")
    void rateLimited() {
        Sim sim = new Sim(PolicySettings.DEFAULTS.withDeletionCost(true, 3));
        Sim.Workload web = sim.deployment("web", 10, Sim.config(60, 2));
        sim.reconcile(web);
        assertThat(costs(sim.tick())).hasSize(3);
        assertThat(costs(sim.tick())).hasSize(3);
        assertThat(costs(sim.tick())).hasSize(3);
        assertThat(costs(sim.tick())).hasSize(1);
        assertThat(costs(sim.tick())).isEmpty();
    }

    @Test
    @DisplayName("a new leader does not rewrite the values it reads back from spotwise.actions; StatefulSets get none")
    void readBackAndStatefulSets() {
        Sim sim = new Sim(ON);
        Sim.Workload web = sim.deployment("web", 4, Sim.config(50, 0));
        Sim.Workload db = sim.statefulSet("db", 3, Sim.config(50, 0));
        sim.reconcile(web);
        sim.reconcile(db);
        List<SetDeletionCost> written = costs(sim.tick());
        assertThat(written).hasSize(4).allSatisfy(c -> assertThat(c.workload()).isEqualTo(web.ref));
        Sim fresh = new Sim(ON); // a new leader: the same pods, nothing decided; then it reads the actions back
        fresh.now = sim.now;
        sim.workloads.forEach(w -> {
            fresh.workloads.add(w);
            fresh.publish(w);
        });
        sim.pods.values().forEach(p -> {
            fresh.pods.put(p.name, p);
            fresh.publish(p);
        });
        written.forEach(c -> fresh.state.apply(c, sim.now.plus(Duration.ofHours(2))));
        assertThat(costs(fresh.tick())).isEmpty();
    }

    /**
     * Reference §6 scale-down after a fallback and recovery (the spot pods are the newest, so the controller's default
     * "newest first" removes spot): 10 → 5 → 10 → 5 → 10, counting rebalancing evictions after the recovery.
     */
    @ParameterizedTest(name = "deletion cost {0}: {1} rebalancing evictions over the cycle")
    @CsvSource({"false, 2", "true, 0"})
    @DisplayName("evictions over a scale-down / scale-up cycle after a recovery, with and without deletion cost")
    void evictionsSavedOverACycle(boolean deletionCost, long expected) {
        Sim sim = new Sim(PolicySettings.DEFAULTS.withDeletionCost(deletionCost, 50));
        Sim.Workload web = sim.deployment("web", 10, Sim.config(60, 2));
        sim.spotCapacity = false;
        sim.reconcile(web);
        sim.run(Duration.ofMinutes(2)); // fallback: 10 on-demand
        sim.spotCapacity = true;
        sim.run(Duration.ofMinutes(12)); // window over, rebalanced back: the 6 spot pods are the newest
        assertThat(List.of(sim.spot(web), sim.onDemand(web))).containsExactly(6L, 4L);
        long evictions = 0;
        for (int cycle = 0; cycle < 2; cycle++) {
            sim.scaleDown(web, 5);
            if (deletionCost) {
                assertThat(List.of(sim.spot(web), sim.onDemand(web))).as("the split holds at once").containsExactly(3L, 2L);
            }
            evictions += rebalancingEvictions(sim.run(Duration.ofMinutes(5)));
            assertThat(List.of(sim.spot(web), sim.onDemand(web))).containsExactly(3L, 2L);
            web.replicas = 10;
            sim.publish(web);
            sim.reconcile(web);
            evictions += rebalancingEvictions(sim.run(Duration.ofMinutes(5)));
            assertThat(List.of(sim.spot(web), sim.onDemand(web))).containsExactly(6L, 4L);
        }
        assertThat(evictions).isEqualTo(expected);
    }
}
