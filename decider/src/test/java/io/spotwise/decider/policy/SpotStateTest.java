package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadKind;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.state.SpotState;
import io.spotwise.decider.policy.state.WorkloadSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("State: pod tracking (reference §4) and outcomes")
class SpotStateTest {

    @Test
    @DisplayName("pods without a workload (bare pods, Jobs) are not tracked")
    void podsWithoutOwner() {
        Sim sim = new Sim();
        sim.state.apply(new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, new PodRef("shop", "bare", "u1"), null, null,
                null, false, null, null, null, "Pending", null, null, false, Sim.T0, false, "1", Sim.T0));
        assertThat(sim.state.podCount()).isZero();
        sim.state.removePod("shop/bare");
        assertThat(sim.state.podCount()).isZero();
    }

    @Test
    @DisplayName("terminal and deleting pods free their slot: the replacement is placed as if they were gone")
    void terminalAndDeletingFreeTheSlot() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 2, Sim.config(50, 0));
        sim.reconcile(web); // OD, S
        Sim.Pod spot = sim.live(web).stream().filter(p -> p.spot).findFirst().orElseThrow();
        spot.deleting = true;
        sim.publish(spot);
        assertThat(sim.state.spotPods(web.ref)).isZero();
        assertThat(sim.create(web).spot).as("replacement of the deleted spot pod").isTrue();
        Sim.Pod od = sim.live(web).stream().filter(p -> !p.spot).findFirst().orElseThrow();
        od.phase = "Failed";
        sim.publish(od);
        assertThat(sim.state.onDemandPods(web.ref)).isZero();
        assertThat(sim.state.podCount()).as("the failed pod is dropped, the deleting one stays until its tombstone").isEqualTo(2);
    }

    @Test
    @DisplayName("StatefulSet pod recreated under the same name with a new UID is a new pod")
    void sameNameNewUid() {
        Sim sim = new Sim();
        Sim.Workload db = sim.statefulSet("db", 1, Sim.config(100, 0));
        Sim.Pod pod = sim.create(db);
        pod.uid = "00000000-0000-0000-0000-0000000000ff";
        pod.spot = false;
        sim.publish(pod);
        assertThat(sim.state.podCount()).isEqualTo(1);
        assertThat(sim.state.onDemandPods(db.ref)).isEqualTo(1);
        assertThat(sim.state.spotPods(db.ref)).isZero();
    }

    @Test
    @DisplayName("a spot pod leaving Pending reports how long it was Pending")
    void pendingListener() {
        Sim sim = new Sim();
        List<Duration> seen = new ArrayList<>();
        sim.state.setPendingListener((workload, pendingFor) -> seen.add(pendingFor));
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 1, Sim.config(100, 0));
        sim.reconcile(web);
        sim.spotCapacity = true;
        sim.advance(Duration.ofSeconds(42));
        assertThat(seen).containsExactly(Duration.ofSeconds(42));
    }

    @ParameterizedTest(name = "{0} → the pod is never a target again")
    @EnumSource(value = OutcomeResult.class, names = {"EVICTED", "ALREADY_GONE"})
    @DisplayName("evicted or gone pods are not re-targeted even before their tombstone arrives")
    void evictedNotRetargeted(OutcomeResult result) {
        Sim sim = new Sim();
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 1, Sim.config(100, 0));
        sim.reconcile(web);
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        sim.state.apply(sim.outcome(sim.tick().get(0), OutcomeResult.PATCHED), sim.now); // the DISABLE_SPOT
        Action evict = sim.tick().get(0);
        sim.state.apply(sim.outcome(evict, result), sim.now);
        assertThat(sim.state.actionsInFlight()).isZero();
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        assertThat(sim.tick()).noneMatch(a -> a.type() == ActionType.EVICT_POD);
    }

    @Test
    @DisplayName("an outcome for an action this replica never emitted (restart, other leader) still clears by pod")
    void foreignOutcome() {
        Sim sim = new Sim();
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 1, Sim.config(100, 0));
        sim.reconcile(web);
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        sim.state.apply(sim.outcome(sim.tick().get(0), OutcomeResult.PATCHED), sim.now); // the DISABLE_SPOT
        FallbackEviction evict = (FallbackEviction) sim.tick().get(0);
        Action foreign = new FallbackEviction("other-leader-1", evict.workload(), evict.workloadUid(), evict.reason(), evict.decidedAt(),
                evict.leaderEpoch(), evict.expiresAt(), evict.pod(), evict.pendingFor(), evict.scheduleTimeout(), evict.windowEnd(),
                evict.counts());
        sim.state.apply(sim.outcome(foreign, OutcomeResult.EVICTED), sim.now);
        assertThat(sim.state.evictionsInFlight()).isZero();
    }

    @Test
    @DisplayName("metrics view: 1 replica at 100 %, min 2 → pods on-demand 1, spot 0, excess spot 1 (reference §9 example)")
    void summaryOfOneReplica() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 1, Sim.config(100, 2));
        sim.reconcile(web);
        assertThat(sim.state.summaries(sim.now)).containsExactly(new WorkloadSummary(web.ref, 0, 1, 1, 0, false));
    }

    @Test
    @DisplayName("metrics view: workloads and active fallbacks per kind, zeroes included")
    void byKind() {
        Sim sim = new Sim();
        sim.deployment("web", 0, Sim.config(100, 0));
        Sim.Workload db = sim.statefulSet("db", 0, null);
        db.disabledUntilRaw = sim.now.plusSeconds(60).toString();
        sim.publish(db);
        assertThat(sim.state.workloadsByKind()).containsEntry(WorkloadKind.Deployment, 1).containsEntry(WorkloadKind.StatefulSet, 1);
        assertThat(sim.state.activeFallbacksByKind(sim.now)).containsEntry(WorkloadKind.Deployment, 0)
                .containsEntry(WorkloadKind.StatefulSet, 1);
        sim.state.removeWorkload(db.ref);
        assertThat(sim.state.workloadsByKind()).containsEntry(WorkloadKind.StatefulSet, 0);
    }

    @Test
    @DisplayName("the pod index grows and shrinks: 5000 pods in 50 namespaces added, found and removed")
    void podIndexGrowsAndShrinks() {
        SpotState state = new SpotState(PolicySettings.DEFAULTS);
        for (int i = 0; i < 5000; i++) {
            state.apply(pod("ns-" + (i % 50), "p-" + i));
        }
        assertThat(state.podCount()).isEqualTo(5000);
        assertThat(state.find("ns-7", "p-4957")).isNotNull();
        assertThat(state.find("ns-8", "p-4957")).isNull();
        for (int i = 0; i < 5000; i += 2) {
            state.removePod("ns-" + (i % 50) + "/p-" + i);
        }
        assertThat(state.podCount()).isEqualTo(2500);
        assertThat(state.find("ns-0", "p-0")).isNull();
        assertThat(state.find("ns-1", "p-1")).isNotNull();
    }

    private static PodSnapshot pod(String namespace, String name) {
        return new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, new PodRef(namespace, name, null),
                io.spotwise.contract.WorkloadRef.deployment(namespace, "web"),
                new io.spotwise.contract.OwnerRef("ReplicaSet", "web-7c9b4d5f8", null), null, false, null, null,
                null, "Running", null, null, true, Sim.T0, false, "1", Sim.T0);
    }
}
