package io.spotwise.decider.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.SpotConfig;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.contract.WriteStatus;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.state.SpotState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatusBoardTest {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final WorkloadRef WEB = WorkloadRef.deployment("shop", "web");

    final SpotState state = new SpotState(PolicySettings.DEFAULTS);
    final AtomicInteger ids = new AtomicInteger();
    final StatusBoard board = new StatusBoard(Duration.ofSeconds(30), Duration.ofMinutes(5), () -> "s-" + ids.incrementAndGet(), () -> 7);

    @Test
    @DisplayName("6 spot / 4 on-demand at 60 % / min 2 is balanced; written once, not again while unchanged")
    void balancedOnce() {
        workload(60);
        pods(6, 4);
        List<Action> first = board.due(state, T0);
        assertThat(first).singleElement().isInstanceOfSatisfying(WriteStatus.class, s -> {
            assertThat(s.summary()).isEqualTo("balanced: 6 spot / 4 on-demand, desired 6 / 4 (60 %, min 2)");
            assertThat(s.status()).contains("\"state\":\"balanced\"").contains("\"desired\":{\"spot\":6,\"onDemand\":4}");
            assertThat(s.workloadUid()).isEqualTo("uid-web");
            assertThat(s.leaderEpoch()).isEqualTo(7);
        });
        assertThat(board.due(state, T0.plusSeconds(60))).as("unchanged: nothing to write").isEmpty();
    }

    @Test
    @DisplayName("a change within the interval waits for it; then converging with the last action and its result")
    void rateLimitedAndLastAction() {
        workload(60);
        pods(6, 4);
        assertThat(board.due(state, T0)).hasSize(1);
        workload(20); // now 2 spot / 8 on-demand are wanted: 4 spot pods too many
        RebalanceEviction eviction = new RebalanceEviction("e-1", WEB, "uid-web", ActionReason.REBALANCE_EXCESS_SPOT, T0.plusSeconds(5), 1,
                T0.plusSeconds(305), new PodRef("shop", "web-s0", "uid-web-s0"), new SplitCounts("web-rs", 6, 4, 2, 8, 20, 2));
        board.seen(eviction);
        assertThat(board.due(state, T0.plusSeconds(10))).as("at most one write per interval").isEmpty();
        board.answered(new Outcome(1, "e-1", eviction.type(), eviction.reason(), WEB, eviction.pod(), OutcomeResult.EVICTED, null, null, T0.plusSeconds(6)));
        List<Action> later = board.due(state, T0.plusSeconds(31));
        assertThat(later).singleElement().isInstanceOfSatisfying(WriteStatus.class, s -> assertThat(s.summary())
                .isEqualTo("converging: 6 spot / 4 on-demand, desired 2 / 8 (20 %, min 2); last EVICT_POD REBALANCE_EXCESS_SPOT → EVICTED at 2026-12-01T10:00:05Z"));
    }

    @Test
    @DisplayName("an eviction refused by a PodDisruptionBudget while the split is off: blocked by PDB")
    void blockedByPdb() {
        workload(20);
        pods(6, 4);
        RebalanceEviction eviction = new RebalanceEviction("e-2", WEB, "uid-web", ActionReason.REBALANCE_EXCESS_SPOT, T0, 1,
                T0.plusSeconds(300), new PodRef("shop", "web-s1", "uid-web-s1"), new SplitCounts("web-rs", 6, 4, 2, 8, 20, 2));
        board.seen(eviction);
        board.answered(new Outcome(1, "e-2", eviction.type(), eviction.reason(), WEB, eviction.pod(), OutcomeResult.BLOCKED_BY_PDB,
                "PodDisruptionBudget shop/web allows 0 disruptions", null, T0));
        assertThat(board.due(state, T0.plusSeconds(1))).singleElement().isInstanceOfSatisfying(WriteStatus.class,
                s -> assertThat(s.summary()).startsWith("blocked by PDB: PodDisruptionBudget shop/web allows 0 disruptions: 6 spot / 4 on-demand"));
    }

    void workload(int percentage) {
        state.apply(new WorkloadSnapshot(1, WEB, "uid-web", 10, true, "{\"percentage\":" + percentage + ",\"minOnDemandReplicas\":2}",
                new SpotConfig(percentage, 2), null, null, null, 1, "1", T0.minusSeconds(600)));
    }

    void pods(int spot, int onDemand) {
        for (int i = 0; i < spot + onDemand; i++) {
            boolean s = i < spot;
            String name = "web-" + (s ? "s" : "o") + i;
            state.apply(new PodSnapshot(1, new PodRef("shop", name, "uid-" + name), WEB, new OwnerRef("ReplicaSet", "web-rs", "uid-rs"), "rs",
                    s, "node-" + i, s ? "interruptible" : "on-demand", null, "Running", "True", null, true, T0.minusSeconds(300), false, "2",
                    T0.minusSeconds(300)));
        }
    }
}
