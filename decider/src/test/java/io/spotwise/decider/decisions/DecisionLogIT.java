package io.spotwise.decider.decisions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotwise.common.fleet.Fleet;
import io.spotwise.contract.Decision;
import io.spotwise.contract.OwnerRef;
import io.spotwise.contract.SplitCounts;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.kafka.local.FreePort;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DecisionLogIT {

    @Test
    @DisplayName("Kafka unreachable: recording never waits, what does not fit the queue is dropped and counted")
    void neverBlocksTheWebhook() throws Exception {
        int closedPort = FreePort.pick();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (DecisionLog log = new DecisionLog(Map.of("bootstrap.servers", "127.0.0.1:" + closedPort, "max.block.ms", "60000"),
                "decision-log-test", Fleet.DEFAULT, 2, registry)) {
            for (int i = 0; i < 50; i++) {
                log.record(decision(i));
            }
            // the sender holds at most one (blocked on metadata), the queue two: the rest were dropped at once
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    registry.get("spotwise_decider_decisions_dropped_total").tag("reason", "queue-full").counter().count())
                    .isGreaterThanOrEqualTo(47));
            assertThat(registry.get("spotwise_decider_decisions_recorded_total").counter().count()).isZero();
        }
    }

    static Decision decision(int i) {
        return new Decision(1, "d-" + i, "shop/web-abc-" + i, WorkloadRef.deployment("shop", "web"), new OwnerRef("ReplicaSet", "web-abc", "u"),
                Decision.SPOT, "BELOW_SPOT_SHARE", new SplitCounts("web-abc", 0, 2, 6, 4, 60, 2), false, "decider-0", Instant.now());
    }
}
