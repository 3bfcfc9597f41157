package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.RolloutControl;
import io.spotwise.decider.policy.config.PolicySettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rebalancing held by a rollout: every case decided, counted by reason, none silent forever")
class RolloutPauseTest {

    /** A Deployment with excess on-demand 2 and a second ReplicaSet with one live pod. */
    private static Sim deploymentMidRollout(RolloutControl rollout) {
        Sim sim = RebalanceTest.withPods(60, 2, 0, 4);
        Sim.Workload web = sim.workloads.get(0);
        web.rollout = rollout;
        sim.publish(web);
        web.owner = "web-6d8f7c9b5";
        web.revision = "6d8f7c9b5";
        sim.create(web);
        return sim;
    }

    /** A StatefulSet with excess on-demand 4, one pod on a second revision. */
    private static Sim statefulSetMidRollout(RolloutControl rollout) {
        Sim sim = new Sim();
        Sim.Workload db = sim.statefulSet("db", 4, Sim.config(100, 0));
        db.enabled = false;
        sim.publish(db);
        sim.reconcile(db);
        db.enabled = true;
        db.rollout = rollout;
        sim.publish(db);
        Sim.Pod updated = sim.live(db).get(3);
        updated.revision = "db-6d8";
        sim.publish(updated);
        return sim;
    }

    private static int paused(Sim sim, String reason) {
        return sim.state.rebalancingPausedByReason().get(reason);
    }

    @Test
    @DisplayName("paused Deployment: held for good while two revisions live, gauge rollout-paused=1; one revision left → resumes")
    void pausedDeployment() {
        Sim sim = deploymentMidRollout(new RolloutControl(true, "RollingUpdate", 0));
        sim.now = sim.now.plus(Duration.ofHours(2));
        assertThat(sim.tick()).as("said once").singleElement().isInstanceOfSatisfying(ReportRebalancePaused.class, r -> {
            assertThat(r.pause()).isEqualTo("ROLLOUT_PAUSED");
            assertThat(r.detail()).contains("spec.paused", "resumes when one revision is left");
        });
        sim.now = sim.now.plus(Duration.ofHours(1));
        assertThat(sim.tick()).as("not repeated").isEmpty();
        assertThat(paused(sim, "rollout-paused")).isEqualTo(1);
        Sim.Workload web = sim.workloads.get(0);
        sim.live(web).stream().filter(p -> p.owner.equals("web-6d8f7c9b5")).toList().forEach(sim::delete);
        web.owner = "web-7c9b4d5f8";
        web.replicas = 4;
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        assertThat(sim.tick()).singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo(ActionReason.REBALANCE_EXCESS_ON_DEMAND));
        assertThat(paused(sim, "rollout-paused")).isZero();
    }

    @Test
    @DisplayName("an ordinary rollout holds rebalancing (rollout-in-progress) until rolloutStuckAfter, then a Deployment resumes per ReplicaSet")
    void stuckDeploymentResumes() {
        Sim sim = deploymentMidRollout(new RolloutControl(false, "RollingUpdate", 0));
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        assertThat(sim.tick()).isEmpty();
        assertThat(paused(sim, "rollout-in-progress")).isEqualTo(1);
        sim.now = sim.now.plus(PolicySettings.DEFAULTS.rolloutStuckAfter());
        List<Action> stuck = sim.tick();
        assertThat(stuck).extracting(Action::reason).as("reported, then the old ReplicaSet is rebalanced")
                .containsExactly(ActionReason.REBALANCE_PAUSED, ActionReason.REBALANCE_EXCESS_ON_DEMAND);
        assertThat(((ReportRebalancePaused) stuck.get(0)).pause()).isEqualTo("ROLLOUT_STUCK");
        assertThat(paused(sim, "rollout-stuck")).isEqualTo(1);
    }

    @Test
    @DisplayName("OnDelete StatefulSet after a template change: held however long (an eviction would update a pod nobody deleted)")
    void onDeleteHeld() {
        Sim sim = statefulSetMidRollout(new RolloutControl(false, RolloutControl.ON_DELETE, 0));
        sim.now = sim.now.plus(Duration.ofHours(3));
        assertThat(sim.tick()).singleElement().isInstanceOfSatisfying(ReportRebalancePaused.class,
                r -> assertThat(r.pause()).isEqualTo("ON_DELETE"));
        assertThat(sim.tick()).isEmpty();
        assertThat(paused(sim, "on-delete")).isEqualTo(1);
    }

    @Test
    @DisplayName("stuck StatefulSet RollingUpdate: reported stuck but held (an evicted pod would come back at the stuck revision)")
    void stuckStatefulSetHeld() {
        Sim sim = statefulSetMidRollout(new RolloutControl(false, "RollingUpdate", 0));
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        assertThat(sim.tick()).isEmpty();
        sim.now = sim.now.plus(Duration.ofHours(1));
        assertThat(sim.tick()).as("reported, still held").singleElement().isInstanceOf(ReportRebalancePaused.class);
        assertThat(paused(sim, "rollout-stuck")).isEqualTo(1);
    }

    @Test
    @DisplayName("partitioned StatefulSet: no pause at all, rebalancing goes on (each ordinal comes back at its side's revision)")
    void partitionedIsNoPause() {
        Sim sim = statefulSetMidRollout(new RolloutControl(false, "RollingUpdate", 3));
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        assertThat(sim.tick()).singleElement().satisfies(a -> assertThat(a.reason()).isEqualTo(ActionReason.REBALANCE_EXCESS_ON_DEMAND));
        assertThat(sim.state.rebalancingPausedByReason().values()).containsOnly(0);
    }
}
