package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.PodSnapshot;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportRebalancePaused;
import io.spotwise.contract.RolloutControl;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The actuator (not itself in dry-run) on actions the decider decided in observation mode and on the rollout report,
 * all built by the decider's own policy code.
 */
@ExtendWith(SharedKafkaBroker.class)
class ActuatorObservationModeIT {

    private static ActuatorHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new ActuatorHarness(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    /** The opted-in Deployment ns/web the actuator's guard checks every action against. */
    private static String deployment(String ns) {
        return h.webUid(ns);
    }

    /** The workload as the watcher publishes it with observation mode / rollout control. */
    private static WorkloadSnapshot workload(WorkloadRef w, String uid, Instant observedAt, RolloutControl rollout, boolean dryRun) {
        WorkloadSnapshot s = Actions.workload(w, uid, "{\"percentage\":60,\"minOnDemandReplicas\":2}", null, observedAt);
        return new WorkloadSnapshot(s.schemaVersion(), s.workload(), s.uid(), s.replicas(), s.enabled(), s.spotConfigRaw(), s.spotConfig(),
                s.spotConfigError(), s.disabledUntilRaw(), s.disabledUntil(), s.generation(), s.resourceVersion(), s.observedAt(),
                rollout, dryRun);
    }

    @Test
    @DisplayName("a rebalancing eviction decided in observation mode: DRY_RUN outcome, a Normal 'would have' Event, the pod not evicted")
    void dryRunActionIsOnlyReported() throws Exception {
        Pod pod = h.pod("observe", "web-1", "Running");
        String uid = deployment("observe");
        WorkloadRef w = WorkloadRef.deployment("observe", "web");
        Instant now = Instant.now();
        Instant before = now.minus(Duration.ofMinutes(10));
        List<PodSnapshot> pods = new ArrayList<>();
        pods.add(Actions.pod(w, "web-1", pod.getMetadata().getUid(), false, "Running", before.plusSeconds(60), before));
        for (int i = 1; i < 10; i++) {
            pods.add(Actions.pod(w, "web-7d9f-" + i, "uid-" + i, i <= 3, "Running", before, before));
        }
        List<Action> decided = Actions.decide(workload(w, uid, before, null, true), pods, now);
        assertThat(decided).singleElement().isInstanceOf(RebalanceEviction.class).satisfies(a -> assertThat(a.dryRun()).isTrue());
        Action evict = decided.get(0);

        h.send(evict);

        assertThat(h.awaitOutcome(evict.id()).result()).isEqualTo(OutcomeResult.DRY_RUN);
        assertThat(h.requests("POST", "/api/v1/namespaces/observe/pods/web-1/eviction")).isEmpty();
        assertThat(h.events("observe")).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getMessage()).startsWith("Dry run, nothing changed: would have evicted the on-demand pod for rebalancing");
        });
    }

    @Test
    @DisplayName("a paused rollout: REPORT_REBALANCE_PAUSED → a Normal SpotRebalancingPaused Event on the Deployment naming the cause")
    void rebalancePausedReported() throws Exception {
        String uid = deployment("paused");
        WorkloadRef w = WorkloadRef.deployment("paused", "web");
        Instant now = Instant.now();
        Instant before = now.minus(Duration.ofMinutes(10));
        List<PodSnapshot> pods = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pods.add(Actions.pod(w, "web-7d9f-" + i, "uid-" + i, false, "Running", before, before));
        }
        pods.add(new PodSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, new PodRef("paused", "web-6c8e-0", "uid-new"), w,
                new OwnerRef("ReplicaSet", "web-6c8e", "uid-rs-new"), "6c8e", false, "node-1", null, null, "Running", "True", null,
                true, before, false, "1", before));
        List<Action> decided = Actions.decide(workload(w, uid, before, new RolloutControl(true, "RollingUpdate", 0), false), pods, now);
        assertThat(decided).singleElement().isInstanceOf(ReportRebalancePaused.class);
        Action report = decided.get(0);

        h.send(report);

        assertThat(h.awaitOutcome(report.id()).result()).isEqualTo(OutcomeResult.REPORTED);
        assertThat(h.events("paused")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("SpotRebalancingPaused");
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("Deployment");
            assertThat(e.getMessage()).startsWith("Spot rebalancing paused (ROLLOUT_PAUSED): the rollout is paused");
        });
    }
}
