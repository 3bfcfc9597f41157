package io.spotwise.actuator.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PartitionLedgerTest {

    private final TopicPartition p0 = new TopicPartition("spotwise.actions", 0);
    private final PartitionLedger ledger = new PartitionLedger();

    @Test
    @DisplayName("offsets 10..13 received, 10, 12, 13 done → commit up to 11 (after the contiguous run), not past the unfinished 11")
    void contiguousRunOnly() {
        for (long o = 10; o <= 13; o++) {
            ledger.received(p0, o);
        }
        ledger.done(p0, 10);
        ledger.done(p0, 12);
        ledger.done(p0, 13);
        assertThat(ledger.committable()).containsExactly(Map.entry(p0, 11L));
        assertThat(ledger.unfinished(p0)).isEqualTo(1);
        ledger.committed(Map.of(p0, 11L));
        assertThat(ledger.committable()).isEmpty();
        ledger.done(p0, 11);
        assertThat(ledger.committable()).containsExactly(Map.entry(p0, 14L));
    }

    @Test
    @DisplayName("nothing done → nothing to commit; a forgotten partition has nothing to commit either")
    void nothingDone() {
        ledger.received(p0, 5);
        assertThat(ledger.committable()).isEmpty();
        ledger.done(p0, 5);
        ledger.forget(List.of(p0));
        assertThat(ledger.committable()).isEmpty();
        assertThat(ledger.unfinished(p0)).isZero();
    }
}
