package io.spotwise.actuator.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.actuator.Actions;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WriteStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LanePlannerTest {

    private final TopicPartition p0 = new TopicPartition("spotwise.actions", 0);
    private long offset;

    private ActionTask task(Action a) {
        return new ActionTask(p0, offset++, a.workload().key(), new byte[0], a);
    }

    private static Action rebalance(String pod) {
        return Actions.rebalance("shop", pod, pod + "-uid", ActionReason.REBALANCE_EXCESS_SPOT);
    }

    private static Action fallback(String pod) {
        return Actions.fallbackEviction("shop", pod, pod + "-uid", Actions.WEB_UID);
    }

    @Test
    @DisplayName("rebalancing evictions fill their lane (2), then DISABLE_SPOT after them starts at once, not behind them")
    void disableNeverWaitsBehindEvictions() {
        LanePlanner planner = new LanePlanner(4, 2);
        ActionTask r1 = task(rebalance("web-1"));
        ActionTask r2 = task(rebalance("web-2"));
        ActionTask r3 = task(rebalance("web-3"));
        ActionTask disable = task(Actions.disable("shop", "web", Actions.WEB_UID, Instant.now().plusSeconds(60)));
        List.of(r1, r2, r3, disable).forEach(planner::add);
        assertThat(planner.startable(tp -> true)).containsExactly(r1, r2, disable);
        planner.finished(r1);
        assertThat(planner.startable(tp -> true)).containsExactly(r3);
    }

    @Test
    @DisplayName("a fallback eviction decided after DISABLE_SPOT waits for the disable; one decided before does not")
    void evictionsNeverOvertakeAnEarlierDisable() {
        LanePlanner planner = new LanePlanner(4, 2);
        ActionTask before = task(fallback("web-1"));
        ActionTask disable = task(Actions.disable("shop", "web", Actions.WEB_UID, Instant.now().plusSeconds(60)));
        ActionTask after = task(fallback("web-2"));
        List.of(before, disable, after).forEach(planner::add);
        assertThat(planner.startable(tp -> true)).containsExactly(before, disable);
        planner.finished(disable);
        assertThat(planner.startable(tp -> true)).containsExactly(after);
    }

    @Test
    @DisplayName("controls of one workload run one at a time, in order: ENABLE_SPOT after DISABLE_SPOT")
    void controlsInOrder() {
        LanePlanner planner = new LanePlanner(4, 2);
        ActionTask disable = task(Actions.disable("shop", "web", Actions.WEB_UID, Instant.now().plusSeconds(60)));
        ActionTask enable = task(Actions.enable("shop", "web", Actions.WEB_UID));
        List.of(disable, enable).forEach(planner::add);
        assertThat(planner.startable(tp -> true)).containsExactly(disable);
        planner.finished(disable);
        assertThat(planner.startable(tp -> true)).containsExactly(enable);
    }

    @Test
    @DisplayName("two evictions of the same pod never run at once; fallback parallelism bounds the fallback lane")
    void samePodAndParallelism() {
        LanePlanner planner = new LanePlanner(1, 2);
        ActionTask a = task(fallback("web-1"));
        ActionTask again = task(fallback("web-1"));
        ActionTask other = task(fallback("web-2"));
        List.of(a, again, other).forEach(planner::add);
        assertThat(planner.startable(tp -> true)).containsExactly(a);
        planner.finished(a);
        assertThat(planner.startable(tp -> true)).containsExactly(again);
    }

    @Test
    @DisplayName("nothing of a partition starts before the memory caught up with it; dropping a partition drops its queued tasks")
    void partitionNotReady() {
        LanePlanner planner = new LanePlanner(4, 2);
        ActionTask t = task(rebalance("web-1"));
        planner.add(t);
        assertThat(planner.startable(tp -> false)).isEmpty();
        assertThat(planner.dropQueued(List.of(p0))).containsExactly(t);
        assertThat(planner.queuedCount()).isZero();
    }

    private static Action status(String summary) {
        Instant now = Instant.now();
        return new WriteStatus(UUID.randomUUID().toString(), WorkloadRef.deployment("shop", "web"), Actions.WEB_UID, ActionReason.STATUS,
                now, 1, now.plusSeconds(600), "{\"state\":\"" + summary + "\"}", summary);
    }

    @Test
    @DisplayName("a status write never holds back the workload's DISABLE_SPOT nor its evictions; status writes stay in order")
    void statusWritesNeverHoldBackControlsOrEvictions() {
        LanePlanner planner = new LanePlanner(4, 2);
        ActionTask status1 = task(status("balanced"));
        ActionTask disable = task(Actions.disable("shop", "web", Actions.WEB_UID, Instant.now().plusSeconds(60)));
        ActionTask status2 = task(status("fallback"));
        ActionTask evict = task(fallback("web-1"));
        List.of(status1, disable, status2, evict).forEach(planner::add);
        assertThat(planner.startable(tp -> true)).containsExactly(status1, disable);
        planner.finished(disable);
        assertThat(planner.startable(tp -> true)).containsExactly(evict);
        planner.finished(status1);
        assertThat(planner.startable(tp -> true)).containsExactly(status2);
    }
}
