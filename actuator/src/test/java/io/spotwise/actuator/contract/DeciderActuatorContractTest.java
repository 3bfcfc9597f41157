package io.spotwise.actuator.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.actuator.Actions;
import io.spotwise.actuator.events.EventMessages;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.serde.RecordCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract between the decider and the actuator: actions decided by the decider's own policy (its ControlLoop over
 * snapshots, see {@link Actions}), written to and read back from the wire format, turned into Event messages by the
 * actuator's {@link EventMessages}. The texts are pinned, and each must be the example docs/actuator.md shows.
 */
class DeciderActuatorContractTest {

    static final Instant NOW = Instant.parse("2026-06-25T10:13:30Z");
    static final Instant WINDOW_END = Instant.parse("2026-06-25T10:15:30Z");
    static String docs;

    @BeforeAll
    static void readDocs() throws IOException {
        docs = Files.readString(Path.of("..", "docs", "actuator.md"));
    }

    /** What the actuator reads: the decider's action after a trip through the wire format. */
    @SuppressWarnings("unchecked")
    static <T extends Action> T overTheWire(T action) throws Exception {
        return (T) RecordCodec.decode(RecordCodec.encode(action), Action.class);
    }

    @Test
    @DisplayName("SpotRebalancingEviction: direction, target split and the owner's counts as the decider saw them")
    void rebalancing() throws Exception {
        RebalanceEviction action = overTheWire(Actions.rebalance("shop", "web-7d9f-abcde", "pod-uid", "w-uid",
                ActionReason.REBALANCE_EXCESS_ON_DEMAND, NOW));
        assertThat(action.pod().name()).isEqualTo("web-7d9f-abcde");
        assertDocumented(EventMessages.evicted(action), "Evicted on-demand pod for rebalancing toward 6 spot / 4 on-demand "
                + "(60 %, min 2 on-demand): 3 spot / 7 on-demand in ReplicaSet web-7d9f");
    }

    @Test
    @DisplayName("SpotSchedulingDisabled then SpotFallbackEviction: the disable, then (once PATCHED) the eviction, naming the pod, its wait, the window end")
    void fallback() throws Exception {
        List<Action> decided = Actions.fallback(WorkloadRef.deployment("shop", "web"), "web-1", "pod-uid", "w-uid", NOW);
        DisableSpot disable = overTheWire((DisableSpot) decided.get(0));
        FallbackEviction eviction = overTheWire((FallbackEviction) decided.get(1));
        assertThat(eviction.windowEnd()).isEqualTo(disable.disabledUntil()).isEqualTo(WINDOW_END);
        assertDocumented(EventMessages.evicted(eviction), "Evicted spot pod that was Pending for 1m12s (schedule timeout 1m) so it is "
                + "recreated on on-demand nodes (spot fallback, spot disabled until 2026-06-25T10:15:30Z)");
        assertDocumented(EventMessages.disabled(disable), "Disabled spot scheduling until 2026-06-25T10:15:30Z: spot pod shop/web-1 was "
                + "Pending for 1m12s (schedule timeout 1m), so spot capacity looks unavailable; new pods go on-demand until then");
    }

    @Test
    @DisplayName("SpotSchedulingEnabled: the window that ended and the split placement follows again")
    void enabled() throws Exception {
        Instant after = WINDOW_END.plusSeconds(10);
        List<Action> decided = Actions.decide(Actions.workload(WorkloadRef.deployment("shop", "web"), "w-uid",
                "{\"percentage\":60,\"minOnDemandReplicas\":2}", WINDOW_END, after), List.of(), after);
        EnableSpot enable = overTheWire((EnableSpot) decided.get(0));
        assertThat(enable.previousUntil()).isEqualTo(WINDOW_END);
        // the actuator names the window from the live annotation, which the decider's previousUntil was read from
        assertDocumented(EventMessages.enabled(enable), "Enabled spot scheduling again: "
                + "the fallback window ended (spot was disabled until 2026-06-25T10:15:30Z); new pods follow the split of 60 % spot, "
                + "min 2 on-demand again and rebalancing moves existing ones");
    }

    @Test
    @DisplayName("SpotEvictionBlocked: the budget, and what the refused eviction was for")
    void blocked() throws Exception {
        RebalanceEviction action = overTheWire(Actions.rebalance("shop", "web-7d9f-abcde", "pod-uid", "w-uid",
                ActionReason.REBALANCE_EXCESS_SPOT, NOW));
        assertDocumented(EventMessages.evictionBlocked(action, "web-pdb", "The disruption budget web-pdb needs 2 healthy pods and has 2 currently"),
                "PodDisruptionBudget web-pdb refused to evict the spot pod for rebalancing toward 6 spot / 4 on-demand (60 %, min 2 "
                        + "on-demand): 9 spot / 1 on-demand in ReplicaSet web-7d9f: The disruption budget web-pdb needs 2 healthy pods "
                        + "and has 2 currently");
    }

    @Test
    @DisplayName("SpotConfigInvalid: the decider's explanation of what is wrong and what is used instead")
    void configInvalid() throws Exception {
        ReportConfigInvalid action = overTheWire(Actions.configInvalid("shop", "web", "w-uid", "{\"percentage\":150}"));
        assertDocumented(EventMessages.configInvalid(action, "spotwise.io/spot-config"), "Annotation spotwise.io/spot-config cannot be "
                + "used: spotwise.io/spot-config percentage=150 is out of range [0, 100]; using 100");
    }

    @Test
    @DisplayName("SpotRebalancingPaused: the cause and the decider's account of when rebalancing resumes")
    void rebalancingPaused() throws Exception {
        io.spotwise.contract.WorkloadRef w = io.spotwise.contract.WorkloadRef.deployment("shop", "web");
        java.time.Instant before = NOW.minusSeconds(600);
        io.spotwise.contract.WorkloadSnapshot s = Actions.workload(w, "w-uid", null, null, before);
        io.spotwise.contract.WorkloadSnapshot paused = new io.spotwise.contract.WorkloadSnapshot(s.schemaVersion(),
                s.workload(), s.uid(), s.replicas(), s.enabled(), s.spotConfigRaw(), s.spotConfig(), s.spotConfigError(),
                s.disabledUntilRaw(), s.disabledUntil(), s.generation(), s.resourceVersion(), s.observedAt(),
                new io.spotwise.contract.RolloutControl(true, "RollingUpdate", 0), false);
        java.util.List<io.spotwise.contract.PodSnapshot> pods = java.util.List.of(
                Actions.pod(w, "web-7d9f-1", "uid-1", false, "Running", before, before),
                new io.spotwise.contract.PodSnapshot(io.spotwise.contract.SpotwiseRecord.CURRENT_SCHEMA_VERSION,
                        new io.spotwise.contract.PodRef("shop", "web-6c8e-1", "uid-2"), w,
                        new io.spotwise.contract.OwnerRef("ReplicaSet", "web-6c8e", "uid-rs-2"), "6c8e", false, "node-1", null,
                        null, "Running", "True", null, true, before, false, "1", before));
        io.spotwise.contract.ReportRebalancePaused action = overTheWire(
                (io.spotwise.contract.ReportRebalancePaused) Actions.decide(paused, pods, NOW).get(0));
        assertDocumented(EventMessages.rebalancingPaused(action), "Spot rebalancing paused (ROLLOUT_PAUSED): the rollout is paused "
                + "(spec.paused) with pods of more than one ReplicaSet live; rebalancing resumes when one revision is left");
    }

    @Test
    @DisplayName("every action the decider builds carries the whole envelope: workload UID, leader epoch, an expiry 5m after the decision")
    void envelope() throws Exception {
        RebalanceEviction action = overTheWire(Actions.rebalance("shop", "web-1", "pod-uid", "w-uid", ActionReason.REBALANCE_EXCESS_SPOT, NOW));
        assertThat(action.workloadUid()).isEqualTo("w-uid");
        assertThat(action.pod().uid()).isEqualTo("pod-uid");
        assertThat(action.decidedAt()).isEqualTo(NOW);
        assertThat(action.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(action.leaderEpoch()).isZero();
    }

    private static void assertDocumented(String production, String pinned) {
        assertThat(production).isEqualTo(pinned);
        assertThat(docs).as("docs/actuator.md shows the text production writes").contains("`" + pinned + "`");
    }
}
