package io.spotwise.actuator.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.common.k8s.NamespaceFilter;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The guard's predicates over live objects: what Spotwise would never have decided is REJECTED. */
class TrustGuardTest {

    static final Instant NOW = Instant.parse("2026-06-25T10:13:30Z");
    static final SplitCounts COUNTS = new SplitCounts("web-7d9f", 9, 1, 6, 4, 60, 2);
    final TrustGuard guard = new TrustGuard(NamespaceFilter.of(List.of(), List.of("kube-system")), SpotwiseKeys.DEFAULT);

    static RebalanceEviction eviction(WorkloadRef w, String workloadUid) {
        return new RebalanceEviction("a-1", w, workloadUid, ActionReason.REBALANCE_EXCESS_SPOT, NOW, 0, NOW.plusSeconds(300),
                new PodRef(w.namespace(), w.name() + "-7d9f-x", "pod-uid"), COUNTS);
    }

    static LiveWorkload optedIn(String uid) {
        return new LiveWorkload(uid, Map.of("spotwise.io/spot-enabled", "true"), false);
    }

    @Test
    @DisplayName("kube-system (excluded by default) and namespaces outside the include list are out of scope")
    void scope() {
        assertThat(guard.checkScope(eviction(WorkloadRef.deployment("kube-system", "coredns"), "u")).reason())
                .isEqualTo(Rejection.Reason.NAMESPACE_OUT_OF_SCOPE);
        assertThat(guard.checkScope(eviction(WorkloadRef.deployment("shop", "web"), "u"))).isNull();
        TrustGuard onlyShop = new TrustGuard(NamespaceFilter.of(List.of("shop"), List.of()), SpotwiseKeys.DEFAULT);
        assertThat(onlyShop.checkScope(eviction(WorkloadRef.deployment("billing", "api"), "u")).message())
                .contains("namespace billing is outside the actuator's scope");
    }

    @Test
    @DisplayName("a live workload without spot-enabled=true is not opted in, whatever the record says")
    void notOptedIn() {
        WorkloadRef web = WorkloadRef.deployment("shop", "web");
        assertThat(guard.checkWorkload(eviction(web, "u"), new LiveWorkload("u", Map.of("spotwise.io/spot-enabled", "false"), false)).reason())
                .isEqualTo(Rejection.Reason.WORKLOAD_NOT_OPTED_IN);
        assertThat(guard.checkWorkload(eviction(web, "u"), new LiveWorkload("u", null, false)).reason())
                .isEqualTo(Rejection.Reason.WORKLOAD_NOT_OPTED_IN);
        assertThat(guard.checkWorkload(eviction(web, "u"), optedIn("u"))).isNull();
    }

    @Test
    @DisplayName("the live workload's UID must be the action's (patches and reports too)")
    void workloadUid() {
        WorkloadRef web = WorkloadRef.deployment("shop", "web");
        DisableSpot disable = new DisableSpot("a-2", web, "forged-uid", ActionReason.FALLBACK, NOW, 0, NOW.plusSeconds(300),
                NOW.plusSeconds(120), new PodRef("shop", "web-1", "p"), Duration.ofSeconds(72), Duration.ofMinutes(1), COUNTS);
        Rejection r = guard.checkWorkload(disable, optedIn("real-uid"));
        assertThat(r.reason()).isEqualTo(Rejection.Reason.WORKLOAD_UID_MISMATCH);
        assertThat(r.message()).contains("real-uid").contains("forged-uid");
    }

    @Test
    @DisplayName("an eviction's pod must lead through its live owners to the action's workload, with its UID")
    void podOwner() {
        WorkloadRef web = WorkloadRef.deployment("shop", "web");
        RebalanceEviction e = eviction(web, "w-uid");
        assertThat(guard.checkPodOwner(e, OwnerChain.of(web, "w-uid"))).isNull();
        assertThat(guard.checkPodOwner(e, OwnerChain.of(WorkloadRef.deployment("shop", "plain"), "p-uid")).message())
                .contains("belongs to Deployment(shop/plain), not Deployment(shop/web)");
        assertThat(guard.checkPodOwner(e, OwnerChain.broken("it has no controller owner reference")).reason())
                .isEqualTo(Rejection.Reason.POD_NOT_OF_WORKLOAD);
        assertThat(guard.checkPodOwner(e, OwnerChain.of(web, "older-uid")).reason()).isEqualTo(Rejection.Reason.WORKLOAD_UID_MISMATCH);
    }

    @Test
    @DisplayName("a merge patch may only set or remove Spotwise's own annotations")
    void patchScope() {
        Set<String> own = Set.of("spotwise.io/spot-disabled-until");
        assertThat(PatchScope.outside("{\"metadata\":{\"annotations\":{\"spotwise.io/spot-disabled-until\":\"2026-06-25T10:15:30Z\"}}}", own)).isNull();
        assertThat(PatchScope.outside("{\"metadata\":{\"annotations\":{\"spotwise.io/spot-disabled-until\":null}}}", own)).isNull();
        assertThat(PatchScope.outside("{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\"x\"}}}", own))
                .contains("kubectl.kubernetes.io/restartedAt");
        assertThat(PatchScope.outside("{\"metadata\":{\"labels\":{\"spotwise.io/spot-enabled\":\"true\"}}}", own)).contains("labels");
        assertThat(PatchScope.outside("{\"spec\":{\"replicas\":0}}", own)).contains("spec");
        assertThat(PatchScope.outside("{\"metadata\":{\"annotations\":{\"spotwise.io/spot-disabled-until\":\"x\"}},\"spec\":{}}", own))
                .isNotNull();
    }
}
