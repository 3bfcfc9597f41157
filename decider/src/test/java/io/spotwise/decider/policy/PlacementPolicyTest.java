package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.RevisionLabels;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.AdmissionRequest;
import io.spotwise.decider.policy.placement.Placement;
import io.spotwise.decider.policy.placement.WorkloadResolver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Placement (reference §3.2): per direct owner, in-flight admissions counted")
class PlacementPolicyTest {

    private static String order(Sim sim) {
        return sim.placements.stream().map(p -> p.isSpot() ? "S" : "OD").collect(Collectors.joining(","));
    }

    @ParameterizedTest(name = "{0} replicas, {1} %, min {2} → admission order {3} = {4} spot / {5} on-demand")
    @CsvSource(delimiter = ';', value = {
            "10; 60; 2; OD,OD,S,S,S,OD,S,OD,S,S; 6; 4",
            "5; 60; 2; OD,OD,S,S,S; 3; 2",
            "1; 100; 2; OD; 0; 1",
            "2; 50; 0; OD,S; 1; 1",
            "4; 100; 0; S,S,S,S; 4; 0",
            "3; 0; 0; OD,OD,OD; 0; 3"})
    @DisplayName("pods created one by one get the reference's sequence")
    void admissionOrder(int replicas, int percentage, int min, String expectedOrder, long spot, long onDemand) {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", replicas, Sim.config(percentage, min));
        sim.reconcile(web);
        assertThat(order(sim)).isEqualTo(expectedOrder);
        assertThat(sim.spot(web)).isEqualTo(spot);
        assertThat(sim.onDemand(web)).isEqualTo(onDemand);
    }

    @ParameterizedTest(name = "10 replicas, min 2, {0} % → {1} spot")
    @CsvSource({"0, 0", "10, 1", "20, 2", "30, 3", "40, 4", "50, 5", "60, 6", "70, 7", "80, 8", "90, 8", "100, 8"})
    @DisplayName("percentage sweep: 90 % and 100 % are clamped by min 2, 0 % is all on-demand")
    void percentageSweep(int percentage, long spot) {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 10, Sim.config(percentage, 2));
        sim.reconcile(web);
        assertThat(sim.spot(web)).isEqualTo(spot);
        assertThat(sim.onDemand(web)).isEqualTo(10 - spot);
    }

    @Test
    @DisplayName("scale 5 → 10 at 60 %, min 2: 3 spot / 2 on-demand becomes 6 / 4 without evictions")
    void scaleUp() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 5, Sim.config(60, 2));
        sim.reconcile(web);
        assertThat(List.of(sim.spot(web), sim.onDemand(web))).containsExactly(3L, 2L);
        web.replicas = 10;
        sim.reconcile(web);
        assertThat(List.of(sim.spot(web), sim.onDemand(web))).containsExactly(6L, 4L);
        assertThat(sim.run(Duration.ofMinutes(5))).isEmpty();
    }

    @Test
    @DisplayName("admissions not yet seen as pods count: 3 admissions at 100 %, min 1 → OD, S, S")
    void inFlightAdmissionsCount() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 0, Sim.config(100, 1));
        List<Placement> p = Stream.generate(() -> sim.placement.place(sim.state, request(web), sim.now)).limit(3).toList();
        assertThat(p).extracting(Placement::capacity)
                .containsExactly(Placement.Capacity.ON_DEMAND, Placement.Capacity.SPOT, Placement.Capacity.SPOT);
        assertThat(p.get(2).counts().spot()).isEqualTo(1);
        assertThat(p.get(2).counts().onDemand()).isEqualTo(1);
        assertThat(sim.state.inFlightAdmissions(web.ref, sim.now)).isEqualTo(3);
    }

    @Test
    @DisplayName("an admission whose pod never shows up stops counting after admissionTtl (reference: forever)")
    void admissionsExpire() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 0, Sim.config(100, 1));
        sim.placement.place(sim.state, request(web), sim.now);
        sim.now = sim.now.plus(PolicySettings.DEFAULTS.admissionTtl()).minusMillis(1);
        assertThat(sim.placement.place(sim.state, request(web), sim.now).isSpot()).isTrue();
        sim.now = sim.now.plusMillis(1);
        assertThat(sim.state.inFlightAdmissions(web.ref, sim.now)).isEqualTo(1);
        sim.now = sim.now.plus(PolicySettings.DEFAULTS.admissionTtl());
        assertThat(sim.state.inFlightAdmissions(web.ref, sim.now)).isZero();
        assertThat(sim.placement.place(sim.state, request(web), sim.now).capacity()).isEqualTo(Placement.Capacity.ON_DEMAND);
    }

    @Test
    @DisplayName("an admission becomes a tracked pod when its snapshot arrives: counted once, not twice")
    void admissionConvertsToPod() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 2, Sim.config(50, 0));
        sim.reconcile(web);
        assertThat(sim.state.inFlightAdmissions(web.ref, sim.now)).isZero();
        assertThat(sim.state.spotPods(web.ref) + sim.state.onDemandPods(web.ref)).isEqualTo(2);
    }

    @Test
    @DisplayName("spot disabled (now < disabledUntil) → on-demand, recorded as an on-demand admission")
    void disabledGoesOnDemand() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 0, Sim.config(100, 0));
        web.disabledUntilRaw = sim.now.plusSeconds(60).toString();
        sim.publish(web);
        Placement p = sim.placement.place(sim.state, request(web), sim.now);
        assertThat(p.capacity()).isEqualTo(Placement.Capacity.ON_DEMAND);
        assertThat(p.reason()).isEqualTo(Placement.Reason.SPOT_DISABLED);
        assertThat(sim.state.inFlightAdmissions(web.ref, sim.now)).isEqualTo(1);
        sim.now = sim.now.plusSeconds(60); // at exactly disabledUntil spot is enabled again
        assertThat(sim.placement.place(sim.state, request(web), sim.now).isSpot()).isTrue();
    }

    @Test
    @DisplayName("preview (dry-run) decides like place but records nothing")
    void previewRecordsNothing() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 0, Sim.config(100, 0));
        assertThat(sim.placement.preview(sim.state, request(web), sim.now).isSpot()).isTrue();
        assertThat(sim.state.inFlightAdmissions(web.ref, sim.now)).isZero();
    }

    @Test
    @DisplayName("StatefulSet: the StatefulSet is its own direct owner and workload, 60 %, min 2 → 6 / 4")
    void statefulSet() {
        Sim sim = new Sim();
        Sim.Workload db = sim.statefulSet("db", 10, Sim.config(60, 2));
        sim.reconcile(db);
        assertThat(order(sim)).isEqualTo("OD,OD,S,S,S,OD,S,OD,S,S");
        assertThat(sim.placements.get(0).workload()).isEqualTo(WorkloadRef.statefulSet("shop", "db"));
    }

    static Stream<Arguments> unmanaged() {
        return Stream.of(
                Arguments.of("pod without owners", List.of(), Map.of(), Placement.Reason.NO_OWNER),
                Arguments.of("Deployment as direct owner", List.of(new OwnerRef("Deployment", "web", null)), Map.of(),
                        Placement.Reason.UNSUPPORTED_OWNER),
                Arguments.of("Job", List.of(new OwnerRef("Job", "batch-1", null)), Map.of(), Placement.Reason.UNSUPPORTED_OWNER),
                Arguments.of("ReplicaSet 'standalone' without pod-template-hash",
                        List.of(new OwnerRef("ReplicaSet", "standalone", null)), Map.of(), Placement.Reason.OWNER_UNRESOLVED),
                Arguments.of("ReplicaSet of a Deployment that is not opted in",
                        List.of(new OwnerRef("ReplicaSet", "other-7c9b4d5f8", null)), Map.of(), Placement.Reason.NOT_OPTED_IN),
                Arguments.of("ReplicaSet of a Deployment the decider has no record of (yet)",
                        List.of(new OwnerRef("ReplicaSet", "brand-new-7c9b4d5f8", null)), Map.of(), Placement.Reason.WORKLOAD_UNKNOWN),
                Arguments.of("first owner counts: Job before the opted-in ReplicaSet",
                        List.of(new OwnerRef("Job", "x", null), new OwnerRef("ReplicaSet", "web-7c9b4d5f8", null)), Map.of(),
                        Placement.Reason.UNSUPPORTED_OWNER));
    }

    @ParameterizedTest(name = "{0} → unmanaged ({3}), nothing recorded")
    @MethodSource("unmanaged")
    @DisplayName("pods the policy does not manage are left unchanged and untracked")
    void unmanagedPods(String name, List<OwnerRef> owners, Map<String, String> labels, Placement.Reason reason) {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 0, Sim.config(100, 0));
        Sim.Workload other = sim.deployment("other", 0, Sim.config(100, 0));
        other.enabled = false;
        sim.publish(other);
        Placement p = sim.placement.place(sim.state, new AdmissionRequest("shop", null, "x-", owners, labels), sim.now);
        assertThat(p.capacity()).isEqualTo(Placement.Capacity.UNMANAGED);
        assertThat(p.reason()).isEqualTo(reason);
        assertThat(sim.state.inFlightAdmissions(web.ref, sim.now)).isZero();
        assertThat(sim.state.inFlightAdmissions(other.ref, sim.now)).isZero();
    }

    @ParameterizedTest(name = "ReplicaSet {0} with pod-template-hash ''{1}'' → Deployment ''{2}''")
    @CsvSource(nullValues = "null", value = {
            "nginx-bcdfg, null, nginx",
            "standalone, null, null",
            "web-12345, null, web",
            "web-ab, null, null",
            "web-aeiou, null, null",
            "my-app-v2-abcde1, abcde1, my-app-v2",
            "web-7c9b4d5f8, 7c9b4d5f8, web",
            "web-7c9b4d5f8, 0000, web",
            "api-x1a, x1a, api"})
    @DisplayName("workload resolution: pod-template-hash first, then the reference's suffix rule")
    void deploymentOfReplicaSet(String replicaSet, String hash, String deployment) {
        assertThat(WorkloadResolver.deploymentOf(replicaSet, hash)).isEqualTo(deployment);
    }

    static AdmissionRequest request(Sim.Workload w) {
        return new AdmissionRequest("shop", null, w.owner + "-", List.of(new OwnerRef(w.ownerKind(), w.owner, null)),
                Map.of(RevisionLabels.POD_TEMPLATE_HASH, w.revision));
    }
}
