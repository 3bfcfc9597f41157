package io.spotwise.actuator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.actuator.Actions;
import io.spotwise.common.contract.ActionReason;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventMessagesTest {

    @Test
    @DisplayName("rebalancing names the direction, the target split and the counts it started from")
    void rebalance() {
        assertThat("Evicted " + EventMessages.rebalanceEviction(Actions.rebalance("shop", "web-1", "u", ActionReason.REBALANCE_EXCESS_ON_DEMAND)))
                .isEqualTo("Evicted on-demand pod for rebalancing toward 6 spot / 4 on-demand (60 %, min 2 on-demand): "
                        + "3 spot / 7 on-demand in ReplicaSet web-7d9f");
    }

    @Test
    @DisplayName("fallback eviction says how long the pod was pending against which timeout")
    void fallback() {
        assertThat(EventMessages.fallbackEviction(Actions.fallbackEviction("shop", "web-1", "u")))
                .isEqualTo("spot pod that was Pending for 1m12s (schedule timeout 1m) so it is recreated on on-demand nodes "
                        + "(spot fallback, spot disabled until 2026-06-25T10:15:30Z)");
    }

    @Test
    @DisplayName("disabled says until when and why")
    void disabled() {
        assertThat(EventMessages.schedulingDisabled(Actions.disable("shop", "web", Instant.parse("2026-06-25T10:15:30.250Z"))))
                .startsWith("spot scheduling until 2026-06-25T10:15:30Z: spot pod shop/web-1 was Pending for 1m12s (schedule timeout 1m)");
    }

    @Test
    @DisplayName("blocked names the PodDisruptionBudget and what the eviction was for")
    void blocked() {
        assertThat(EventMessages.evictionBlocked(Actions.rebalance("shop", "web-1", "u", ActionReason.REBALANCE_EXCESS_SPOT), "web-pdb",
                "The disruption budget web-pdb needs 2 healthy pods and has 2 currently"))
                .isEqualTo("PodDisruptionBudget web-pdb refused to evict the spot pod for rebalancing toward 6 spot / 4 on-demand "
                        + "(60 %, min 2 on-demand): 3 spot / 7 on-demand in ReplicaSet web-7d9f: "
                        + "The disruption budget web-pdb needs 2 healthy pods and has 2 currently");
    }

    @Test
    @DisplayName("config invalid carries the decider's explanation")
    void configInvalid() {
        assertThat(EventMessages.configInvalid(Actions.configInvalid("shop", "web", "percentage 150 is not in [0, 100]; using 100"),
                "spotwise.io/spot-config")).isEqualTo("Annotation spotwise.io/spot-config cannot be used: percentage 150 is not in [0, 100]; using 100");
    }
}
