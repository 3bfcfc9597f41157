package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.PodEviction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rebalancing waits for readiness: never two replicas down at once on a slow-starting service")
class ReadinessPacingTest {

    /** 10 on-demand pods at 60 %, min 2 (excess on-demand 6); replacements take 3 minutes to become Ready. */
    private static Sim slowStarting() {
        Sim sim = RebalanceTest.withPods(60, 2, 0, 10);
        sim.readyAfter = Duration.ofMinutes(3);
        return sim;
    }

    @Test
    @DisplayName("no eviction while a replacement of ours is Running but not Ready; the next one a full period after it is Ready")
    void waitsForReplacementReady() {
        Sim sim = slowStarting();
        Sim.Workload web = sim.workloads.get(0);
        List<Action> evictions = new ArrayList<>();
        for (int i = 0; i < 6 * 30 && evictions.size() < 3; i++) {
            List<Action> actions = sim.tick();
            for (Action a : actions) {
                assertThat(sim.live(web)).as("every pod Ready when %s is decided", ((PodEviction) a).pod().name())
                        .allSatisfy(p -> assertThat(p.ready).isTrue());
                evictions.add(a);
            }
            sim.execute(actions);
            sim.advance(Sim.TICK);
        }
        assertThat(evictions).hasSize(3).allSatisfy(a -> assertThat(a.type()).isEqualTo(ActionType.EVICT_POD));
        for (int i = 1; i < evictions.size(); i++) {
            assertThat(Duration.between(evictions.get(i - 1).decidedAt(), evictions.get(i).decidedAt()))
                    .as("replacement Ready after 3 minutes, then one stabilization period")
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(4));
        }
    }

    @Test
    @DisplayName("a pod becoming Ready restarts its set's stabilization period (the reference restarts on every pod update)")
    void readinessRestartsThePeriod() {
        Sim sim = RebalanceTest.withPods(60, 2, 0, 10);
        Sim.Pod pod = sim.live(sim.workloads.get(0)).get(0);
        pod.ready = false;
        sim.publish(pod);
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        pod.ready = true;
        sim.publish(pod);
        sim.now = sim.now.plus(Duration.ofSeconds(59));
        assertThat(sim.tick()).as("59 s after the readiness change").isEmpty();
        sim.now = sim.now.plus(Duration.ofSeconds(1));
        assertThat(sim.tick()).as("one period after it").hasSize(1);
    }
}
