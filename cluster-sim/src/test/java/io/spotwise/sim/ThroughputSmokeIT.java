package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.sim.throughput.SimThroughput;
import io.spotwise.sim.throughput.ThroughputReport;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The throughput harness at a tiny size, so it cannot rot: the report is complete (nothing is timed here). */
class ThroughputSmokeIT {

    @Test
    @DisplayName("the throughput harness creates N x R pods through the stub webhook and reports every figure")
    void reportIsComplete() throws Exception {
        ThroughputReport r = SimThroughput.run(new SimThroughput.Size(4, 3, 4, 10, 2, Duration.ofMinutes(3)));

        assertThat(r.complete()).isTrue();
        assertThat(r.pods()).isEqualTo(12);
        assertThat(r.webhookCalls()).as("every pod create went through the webhook").isGreaterThanOrEqualTo(12);
        assertThat(r.watchEvents()).as("two watches each saw every pod added and running")
                .isGreaterThanOrEqualTo(2 * 12 * 2);
        assertThat(r.podCreatesPerSecond()).isPositive();
        assertThat(r.watchEventsPerSecond()).isPositive();
        assertThat(r.secondsToAllRunning()).isGreaterThanOrEqualTo(r.secondsToAllCreated());
        assertThat(r.cpuSeconds()).isPositive();
        assertThat(r.outagePods()).as("the spot half of the pods was on the spot nodes the outage took").isEqualTo(6);
        assertThat(r.outageSeconds()).isPositive();
        assertThat(r.lines()).hasSize(12).allSatisfy(l -> assertThat(l).matches("[a-zA-Z /()1-9]+: .+"))
                .anySatisfy(l -> assertThat(l).isEqualTo("pods created: 12"));
    }
}
