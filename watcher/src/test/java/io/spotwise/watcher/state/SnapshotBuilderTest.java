package io.spotwise.watcher.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.watcher.WatcherConfig;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotBuilderTest {

    private static final Instant NOW = Instant.parse("2026-06-25T10:15:30Z");

    private static PodFacts pod(String ownerKind, String ownerName) {
        return new PodFacts("shop", "p", "uid", ownerKind == null ? null : new OwnerRef(ownerKind, ownerName, "o"), null, false,
                null, "Pending", null, null, false, Long.MIN_VALUE, false, "1");
    }

    @Test
    @DisplayName("Pod of a ReplicaSet owned by a Deployment → that Deployment")
    void replicaSetOfDeployment() {
        assertThat(SnapshotBuilder.resolve(pod("ReplicaSet", "web-1"), new ReplicaSetFacts("shop", "web-1", "web"), null))
                .isEqualTo(WorkloadRef.deployment("shop", "web"));
    }

    @Test
    @DisplayName("Pod of a bare ReplicaSet, a Job, or no owner → no workload; StatefulSet → itself")
    void otherOwners() {
        assertThat(SnapshotBuilder.resolve(pod("ReplicaSet", "rs"), new ReplicaSetFacts("shop", "rs", null), null)).isNull();
        assertThat(SnapshotBuilder.resolve(pod("Job", "j"), null, null)).isNull();
        assertThat(SnapshotBuilder.resolve(pod(null, null), null, null)).isNull();
        assertThat(SnapshotBuilder.resolve(pod("StatefulSet", "db"), null, null)).isEqualTo(WorkloadRef.statefulSet("shop", "db"));
    }

    @Test
    @DisplayName("A ReplicaSet not in the cache (deleted first) keeps the workload already resolved, so the partition stays")
    void unknownReplicaSetKeepsWorkload() {
        WorkloadRef web = WorkloadRef.deployment("shop", "web");
        assertThat(SnapshotBuilder.resolve(pod("ReplicaSet", "web-1"), null, web)).isEqualTo(web);
    }

    @ParameterizedTest(name = "spot-disabled-until ''{0}'' → {1}")
    @CsvSource(value = {"2030-01-02T03:04:05Z, 2030-01-02T03:04:05Z", "2030-01-02T05:04:05+02:00, 2030-01-02T03:04:05Z",
            "next tuesday, null", "'', null"}, nullValues = "null")
    void disabledUntil(String raw, String expected) {
        WorkloadFacts w = new WorkloadFacts(WorkloadRef.deployment("shop", "web"), "u", 3, true, null, raw, 1, "9", null, false);
        assertThat(SnapshotBuilder.workload(w, NOW).disabledUntil()).isEqualTo(expected == null ? null : Instant.parse(expected));
    }

    @Test
    @DisplayName("Disruption: exact taint keys, prefix/* wildcards and 'cordoned' for spec.unschedulable")
    void disruptionTaints() {
        DisruptionTaints taints = new DisruptionTaints(List.of("karpenter.sh/disrupted", "aws-node-termination-handler/*", "cordoned"));
        var spotTerminating = new NodeBuilder().withNewMetadata().withName("n").endMetadata().withNewSpec()
                .withTaints(new TaintBuilder().withKey("aws-node-termination-handler/spot-itn").withEffect("NoSchedule").build()).endSpec().build();
        var cordoned = new NodeBuilder().withNewMetadata().withName("n").endMetadata().withNewSpec().withUnschedulable(true).endSpec().build();
        var other = new NodeBuilder().withNewMetadata().withName("n").endMetadata().withNewSpec()
                .withTaints(new TaintBuilder().withKey("dedicated").withEffect("NoSchedule").build()).endSpec().build();
        assertThat(taints.disruptionOf(spotTerminating)).isEqualTo("aws-node-termination-handler/spot-itn");
        assertThat(taints.disruptionOf(cordoned)).isEqualTo("cordoned");
        assertThat(taints.disruptionOf(other)).isNull();
        assertThat(new DisruptionTaints(List.of("karpenter.sh/disrupted")).disruptionOf(cordoned)).as("cordoned not listed").isNull();
    }

    @Test
    @DisplayName("Disruption by default: a NotReady or unreachable node (the node controller's taints) marks its pods, "
            + "so a spot pod bound to it and Pending counts for fallback")
    void notReadyNodeByDefault() {
        DisruptionTaints taints = new DisruptionTaints(WatcherConfig.from(Map.of()).get(WatcherConfig.DISRUPTION_TAINTS));
        for (String key : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
            var node = new NodeBuilder().withNewMetadata().withName("n").endMetadata().withNewSpec()
                    .withTaints(new TaintBuilder().withKey(key).withEffect("NoSchedule").build()).endSpec().build();
            assertThat(taints.disruptionOf(node)).isEqualTo(key);
        }
    }

    @Test
    @DisplayName("Workload snapshot: paused rollout, update strategy, partition and the dry-run annotation reach the decider")
    void rolloutControlAndDryRun() {
        var d = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder().withNewMetadata().withNamespace("shop").withName("web")
                .withAnnotations(Map.of("example.com/spot-dry-run", "true")).endMetadata()
                .withNewSpec().withPaused(true).withNewStrategy().withType("RollingUpdate").endStrategy().endSpec().build();
        var keys = new SpotwiseKeys("example.com");
        var dep = SnapshotBuilder.workload(WorkloadFacts.of(d, keys), NOW);
        assertThat(dep.rollout()).isEqualTo(new io.spotwise.contract.RolloutControl(true, "RollingUpdate", 0));
        assertThat(dep.isDryRun()).isTrue();
        var s = new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder().withNewMetadata().withNamespace("shop").withName("db")
                .endMetadata().withNewSpec().withNewUpdateStrategy().withType("RollingUpdate").withNewRollingUpdate().withPartition(2)
                .endRollingUpdate().endUpdateStrategy().endSpec().build();
        var sts = SnapshotBuilder.workload(WorkloadFacts.of(s, keys), NOW);
        assertThat(sts.rollout()).isEqualTo(new io.spotwise.contract.RolloutControl(false, "RollingUpdate", 2));
        assertThat(sts.isDryRun()).isFalse();
    }

    @Test
    @DisplayName("Node facts: capacity type from <prefix>/capacity-type")
    void nodeCapacityType() {
        var node = new NodeBuilder().withNewMetadata().withName("n").withLabels(Map.of("example.com/capacity-type", "interruptible")).endMetadata().build();
        assertThat(NodeFacts.of(node, new SpotwiseKeys("example.com"), new DisruptionTaints(List.of())).capacityType()).isEqualTo("interruptible");
    }
}
