package io.spotwise.contract.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.PodRef;
import io.spotwise.contract.RebalanceEviction;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Records written by the previous build (schema version 1) are still read. Each v1 record is built exactly as the
 * previous decider's ActionFactory built it and encoded by the v1 writer kept in {@link LegacyActionV1}.
 */
class ActionV1CompatibilityTest {

    static final Instant NOW = Instant.parse("2026-06-25T10:15:30Z");
    static final WorkloadRef WEB = WorkloadRef.deployment("shop", "web");
    static final PodRef POD = new PodRef("shop", "web-7d9f-abcde", "pod-uid");
    static final SplitCounts OWNER = new SplitCounts("web-7d9f", 3, 7, 6, 4, 60, 2);
    static final SplitCounts WORKLOAD = new SplitCounts(null, 3, 7, 6, 4, 60, 2);

    @Test
    @DisplayName("a v1 fallback EVICT_POD becomes a FallbackEviction with the pod UID precondition and a default 2m window")
    void fallbackEviction() throws Exception {
        Action a = read(new LegacyActionV1(1, "a-1", ActionType.EVICT_POD, ActionReason.FALLBACK, WEB, "w-uid", POD,
                new LegacyActionV1.Preconditions("pod-uid", true, "w-uid"), OWNER, null, Duration.ofSeconds(72), Duration.ofMinutes(1), null, NOW));
        assertThat(a).isEqualTo(new FallbackEviction("a-1", WEB, "w-uid", ActionReason.FALLBACK, NOW, 0, NOW.plus(Duration.ofMinutes(5)),
                POD, Duration.ofSeconds(72), Duration.ofMinutes(1), NOW.plus(Duration.ofMinutes(2)), OWNER));
    }

    @Test
    @DisplayName("a v1 rebalancing EVICT_POD becomes a RebalanceEviction with its counts")
    void rebalanceEviction() throws Exception {
        Action a = read(new LegacyActionV1(1, "a-2", ActionType.EVICT_POD, ActionReason.REBALANCE_EXCESS_SPOT, WEB, "w-uid", POD,
                new LegacyActionV1.Preconditions("pod-uid", false, "w-uid"), OWNER, null, null, null, null, NOW));
        assertThat(a).isEqualTo(new RebalanceEviction("a-2", WEB, "w-uid", ActionReason.REBALANCE_EXCESS_SPOT, NOW, 0,
                NOW.plus(Duration.ofMinutes(5)), POD, OWNER));
    }

    @Test
    @DisplayName("a v1 DISABLE_SPOT (no trigger pod then) becomes a DisableSpot without trigger")
    void disable() throws Exception {
        Instant until = NOW.plus(Duration.ofMinutes(2));
        Action a = read(new LegacyActionV1(1, "a-3", ActionType.DISABLE_SPOT, ActionReason.FALLBACK, WEB, "w-uid", null,
                new LegacyActionV1.Preconditions(null, false, "w-uid"), WORKLOAD, until, null, Duration.ofMinutes(1), null, NOW));
        assertThat(a).isEqualTo(new DisableSpot("a-3", WEB, "w-uid", ActionReason.FALLBACK, NOW, 0, NOW.plus(Duration.ofMinutes(5)), until,
                null, null, Duration.ofMinutes(1), WORKLOAD));
    }

    @Test
    @DisplayName("a v1 ENABLE_SPOT becomes an EnableSpot whose previous window is the v1 disabledUntil")
    void enable() throws Exception {
        Instant ended = NOW.minusSeconds(5);
        Action a = read(new LegacyActionV1(1, "a-4", ActionType.ENABLE_SPOT, ActionReason.FALLBACK_WINDOW_ENDED, WEB, "w-uid", null,
                new LegacyActionV1.Preconditions(null, false, "w-uid"), null, ended, null, null,
                "the fallback window ended at " + ended + "; spot placement resumes", NOW));
        assertThat(a).isEqualTo(new EnableSpot("a-4", WEB, "w-uid", ActionReason.FALLBACK_WINDOW_ENDED, NOW, 0,
                NOW.plus(Duration.ofMinutes(5)), ended, null));
    }

    @Test
    @DisplayName("a v1 REPORT_CONFIG_INVALID becomes a ReportConfigInvalid with its detail")
    void configInvalid() throws Exception {
        Action a = read(new LegacyActionV1(1, "a-5", ActionType.REPORT_CONFIG_INVALID, ActionReason.CONFIG_INVALID, WEB, "w-uid", null,
                LegacyActionV1.Preconditions.NONE, null, null, null, null, "percentage 150 is not in [0, 100]; using the default 100", NOW));
        assertThat(a).isEqualTo(new ReportConfigInvalid("a-5", WEB, "w-uid", ActionReason.CONFIG_INVALID, NOW, 0,
                NOW.plus(Duration.ofMinutes(5)), "percentage 150 is not in [0, 100]; using the default 100"));
    }

    @Test
    @DisplayName("a v1 EVICT_POD without any pod UID (no precondition) is refused, naming pod.uid")
    void evictionWithoutUidRefused() throws Exception {
        byte[] json = new LegacyActionV1(1, "a-6", ActionType.EVICT_POD, ActionReason.REBALANCE_EXCESS_SPOT, WEB, "w-uid",
                new PodRef("kube-system", "coredns-1", null), LegacyActionV1.Preconditions.NONE, OWNER, null, null, null, null, NOW).encode();
        assertThatThrownBy(() -> RecordCodec.decode(json, Action.class, "spotwise.actions", 0, 7))
                .isInstanceOf(RecordReadException.class)
                .hasMessageContaining("field 'pod.uid' is required")
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("pod.uid"));
    }

    @Test
    @DisplayName("a v1 action without a workload UID is refused, naming workloadUid")
    void withoutWorkloadUidRefused() throws Exception {
        byte[] json = new LegacyActionV1(1, "a-7", ActionType.DISABLE_SPOT, ActionReason.FALLBACK, WEB, null, null,
                LegacyActionV1.Preconditions.NONE, WORKLOAD, NOW.plusSeconds(60), null, Duration.ofMinutes(1), null, NOW).encode();
        assertThatThrownBy(() -> RecordCodec.decode(json, Action.class))
                .isInstanceOf(RecordReadException.class)
                .satisfies(e -> assertThat(((RecordReadException) e).field()).isEqualTo("workloadUid"));
    }

    private static Action read(LegacyActionV1 v1) throws Exception {
        byte[] json = v1.encode();
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"schemaVersion\":1,\"id\":");
        return RecordCodec.decode(json, Action.class);
    }
}
