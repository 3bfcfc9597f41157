package io.spotwise.actuator.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.actuator.Actions;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.PodEviction;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EvictionGuardTest {

    private final PodEviction rebalance = Actions.rebalance("shop", "web-1", "uid-1", "w-1", ActionReason.REBALANCE_EXCESS_SPOT);
    private final PodEviction fallback = Actions.fallbackEviction("shop", "web-1", "uid-1", "w-1");

    @Test
    @DisplayName("the same running pod may be evicted for rebalancing")
    void proceeds() {
        assertThat(EvictionGuard.checkPod(rebalance, new LiveObject("uid-1", "Running", false)).proceed()).isTrue();
    }

    @Test
    @DisplayName("a pod that no longer exists is already gone")
    void gone() {
        assertThat(EvictionGuard.checkPod(rebalance, null).kind()).isEqualTo(Verdict.Kind.GONE);
    }

    @Test
    @DisplayName("a pod recreated under the same name (other UID) is not the target")
    void otherUid() {
        Verdict v = EvictionGuard.checkPod(rebalance, new LiveObject("uid-2", "Running", false));
        assertThat(v.kind()).isEqualTo(Verdict.Kind.PRECONDITION_FAILED);
        assertThat(v.reason()).contains("uid-2").contains("uid-1");
    }

    @Test
    @DisplayName("a terminating pod is not evicted again")
    void terminating() {
        assertThat(EvictionGuard.checkPod(rebalance, new LiveObject("uid-1", "Running", true)).reason()).contains("terminating");
    }

    @Test
    @DisplayName("a fallback eviction needs the pod still Pending; a pod that got scheduled meanwhile is left alone")
    void fallbackNeedsPending() {
        assertThat(EvictionGuard.checkPod(fallback, new LiveObject("uid-1", "Pending", false)).proceed()).isTrue();
        assertThat(EvictionGuard.checkPod(fallback, new LiveObject("uid-1", "Running", false)).reason()).contains("no longer Pending");
    }

    @Test
    @DisplayName("a workload recreated under the same name is not patched for the old one")
    void workloadUid() {
        Action withUid = Actions.disable("shop", "web", "w-1", Instant.now().plusSeconds(120));
        assertThat(EvictionGuard.checkWorkload(withUid, new LiveObject("w-1", null, false)).proceed()).isTrue();
        assertThat(EvictionGuard.checkWorkload(withUid, new LiveObject("w-2", null, false)).kind()).isEqualTo(Verdict.Kind.PRECONDITION_FAILED);
        assertThat(EvictionGuard.checkWorkload(withUid, null).kind()).isEqualTo(Verdict.Kind.GONE);
    }
}
