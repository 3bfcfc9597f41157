package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.ActionType;
import io.spotwise.decider.policy.config.PolicySettings;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A spot pod bound to a node but Pending forever still falls back (default fallbackOnlyUnbound)")
class BoundPendingTest {

    private static Sim boundPending(String nodeDisruption) {
        Sim sim = new Sim();
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 1, Sim.config(100, 0));
        Sim.Pod pod = sim.create(web);
        pod.node = "spot-node-broken"; // accepted by a spot node that never runs it
        pod.nodeDisruption = nodeDisruption;
        sim.publish(pod);
        return sim;
    }

    @Test
    @DisplayName("bound on a healthy-looking node: no fallback at the schedule timeout, fallback at boundPendingTimeout (10m)")
    void afterBoundPendingTimeout() {
        Sim sim = boundPending(null);
        sim.now = sim.now.plus(Duration.ofMinutes(2));
        assertThat(sim.tick()).as("pulling an image is not missing capacity").isEmpty();
        sim.now = Sim.T0.plus(PolicySettings.DEFAULTS.boundPendingTimeout()).minusSeconds(1);
        assertThat(sim.tick()).isEmpty();
        sim.now = sim.now.plusSeconds(1);
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.DISABLE_SPOT);
    }

    @Test
    @DisplayName("bound on a NotReady node (node.kubernetes.io/not-ready): fallback at the schedule timeout")
    void notReadyNode() {
        Sim sim = boundPending("node.kubernetes.io/not-ready");
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.DISABLE_SPOT);
    }

    @Test
    @DisplayName("the longer timeout is a setting (SPOTWISE_BOUND_PENDING_TIMEOUT)")
    void configurable() {
        Sim sim = new Sim(PolicySettings.DEFAULTS.withBoundPendingTimeout(Duration.ofMinutes(3)));
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 1, Sim.config(100, 0));
        Sim.Pod pod = sim.create(web);
        pod.node = "spot-node-broken";
        sim.publish(pod);
        sim.now = sim.now.plus(Duration.ofMinutes(3));
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.DISABLE_SPOT);
    }
}
