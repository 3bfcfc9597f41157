package io.spotwise.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.contract.testing.Samples;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each kind refuses, at construction, an action the actuator could not carry out safely; the message names the field. */
class ActionValidationTest {

    static final Instant T0 = Samples.T0;
    static final WorkloadRef WEB = Samples.WEB;
    static final SplitCounts COUNTS = new SplitCounts("web-1", 1, 1, 1, 1, 50, 0);

    @Test
    @DisplayName("an eviction without a pod UID cannot be built")
    void evictionNeedsPodUid() {
        assertThatThrownBy(() -> new RebalanceEviction("a", WEB, "w", ActionReason.REBALANCE_EXCESS_SPOT, T0, 0, T0.plusSeconds(60),
                new PodRef("shop", "p", null), COUNTS))
                .isInstanceOf(InvalidActionException.class)
                .hasMessage("RebalanceEviction a of Deployment(shop/web): field 'pod.uid' is required")
                .satisfies(e -> assertThat(((InvalidActionException) e).field()).isEqualTo("pod.uid"));
    }

    @Test
    @DisplayName("an eviction of a pod in another namespace than its workload cannot be built")
    void evictionPodInWorkloadNamespace() {
        assertThatThrownBy(() -> new RebalanceEviction("a", WEB, "w", ActionReason.REBALANCE_EXCESS_SPOT, T0, 0, T0.plusSeconds(60),
                new PodRef("kube-system", "coredns", "u"), COUNTS))
                .hasMessageContaining("field 'pod.namespace' must be the workload's namespace shop, was kube-system");
    }

    @Test
    @DisplayName("every envelope field is required: workload UID, expiry after the decision, a reason of the kind")
    void envelope() {
        assertThatThrownBy(() -> new ReportConfigInvalid("a", WEB, " ", ActionReason.CONFIG_INVALID, T0, 0, T0.plusSeconds(60), "x"))
                .hasMessage("ReportConfigInvalid a of Deployment(shop/web): field 'workloadUid' is required");
        assertThatThrownBy(() -> new ReportConfigInvalid("a", WEB, "w", ActionReason.CONFIG_INVALID, T0, 0, T0, "x"))
                .hasMessageContaining("field 'expiresAt' must be after decidedAt");
        assertThatThrownBy(() -> new ReportConfigInvalid("a", WEB, "w", ActionReason.FALLBACK, T0, 0, T0.plusSeconds(60), "x"))
                .hasMessageContaining("field 'reason' must be one of [CONFIG_INVALID], not FALLBACK");
        assertThatThrownBy(() -> new ReportConfigInvalid("a", WEB, "w", ActionReason.CONFIG_INVALID, T0, -1, T0.plusSeconds(60), "x"))
                .hasMessageContaining("field 'leaderEpoch' must not be negative");
        assertThatThrownBy(() -> new ReportConfigInvalid(null, WEB, "w", ActionReason.CONFIG_INVALID, T0, 0, T0.plusSeconds(60), "x"))
                .hasMessage("ReportConfigInvalid of Deployment(shop/web): field 'id' is required");
    }

    @Test
    @DisplayName("a fallback eviction needs its window end, after the decision, and expires with the window")
    void fallbackWindow() {
        assertThatThrownBy(() -> new FallbackEviction("a", WEB, "w", ActionReason.FALLBACK, T0, 0, T0.plusSeconds(300),
                new PodRef("shop", "p", "u"), Duration.ofSeconds(70), Duration.ofMinutes(1), null, COUNTS))
                .hasMessageContaining("field 'windowEnd' is required");
        assertThatThrownBy(() -> new FallbackEviction("a", WEB, "w", ActionReason.FALLBACK, T0, 0, T0.plusSeconds(300),
                new PodRef("shop", "p", "u"), Duration.ofSeconds(70), Duration.ofMinutes(1), T0, COUNTS))
                .hasMessageContaining("field 'windowEnd' must be after decidedAt");
        FallbackEviction e = Samples.eviction(WEB, "p");
        assertThat(e.expiredAt(e.windowEnd().minusMillis(1))).isFalse();
        assertThat(e.expiredAt(e.windowEnd())).as("window ended before expiresAt").isTrue();
        assertThat(Samples.rebalance(WEB, "p").expiredAt(T0.plus(Duration.ofMinutes(5)))).isTrue();
        assertThat(Samples.rebalance(WEB, "p").expiredAt(T0.plus(Duration.ofMinutes(4)))).isFalse();
    }

    @Test
    @DisplayName("a disable needs its window end; an enable's previous window must have ended")
    void windows() {
        assertThatThrownBy(() -> new DisableSpot("a", WEB, "w", ActionReason.FALLBACK, T0, 0, T0.plusSeconds(300), null,
                new PodRef("shop", "p", "u"), Duration.ofSeconds(70), Duration.ofMinutes(1), COUNTS))
                .hasMessageContaining("field 'disabledUntil' is required");
        assertThatThrownBy(() -> new EnableSpot("a", WEB, "w", ActionReason.FALLBACK_WINDOW_ENDED, T0, 0, T0.plusSeconds(300),
                T0.plusSeconds(1), COUNTS))
                .hasMessageContaining("field 'previousUntil' must not be after decidedAt");
        assertThatThrownBy(() -> new ReportConfigInvalid("a", WEB, "w", ActionReason.CONFIG_INVALID, T0, 0, T0.plusSeconds(60), ""))
                .hasMessageContaining("field 'detail' is required");
    }
}
