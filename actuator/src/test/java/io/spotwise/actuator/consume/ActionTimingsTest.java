package io.spotwise.actuator.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.actuator.Actions;
import io.spotwise.contract.Action;
import java.time.Duration;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ActionTimingsTest {

    private static final long MS = 1_000_000;

    @Test
    @DisplayName("an eviction's outcome line splits decision → done into received, queued, prepare, mark and effect")
    void phasesOfAnEviction() {
        Action a = Actions.fallbackEviction("shop", "web-1", "web-1-uid", Actions.WEB_UID);
        ActionTask t = new ActionTask(new TopicPartition("spotwise.actions", 0), 0, a.workload().key(), new byte[0], a);
        t.startedNanos = t.receivedNanos + 300 * MS;
        t.writeAheadAskedNanos = t.startedNanos + 20 * MS;
        t.writeAheadDoneNanos = t.writeAheadAskedNanos + 150 * MS;
        t.doneNanos = t.writeAheadDoneNanos + 40 * MS;
        t.doneAt = a.decidedAt().plusMillis(1_000 + 510);

        ActionTimings timings = ActionTimings.of(t);

        assertThat(timings).isEqualTo(new ActionTimings(Duration.ofMillis(1_000), Duration.ofMillis(300), Duration.ofMillis(20),
                Duration.ofMillis(150), Duration.ofMillis(40)));
        assertThat(timings).hasToString("timings ms: received=1000 queued=300 prepare=20 mark=150 effect=40");
    }

    @Test
    @DisplayName("an action that wrote no STARTED mark (already done, refused) reports no prepare and no mark")
    void noMark() {
        Action a = Actions.fallbackEviction("shop", "web-1", "web-1-uid", Actions.WEB_UID);
        ActionTask t = new ActionTask(new TopicPartition("spotwise.actions", 0), 0, a.workload().key(), new byte[0], a);
        t.startedNanos = t.receivedNanos + 5 * MS;
        t.doneNanos = t.startedNanos + 7 * MS;
        t.doneAt = a.decidedAt().plusMillis(100);

        assertThat(ActionTimings.of(t)).hasToString("timings ms: received=88 queued=5 effect=7");
    }
}
