package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.DisableSpot;
import io.spotwise.contract.FallbackEviction;
import io.spotwise.contract.OutcomeResult;
import io.spotwise.contract.PodEviction;
import io.spotwise.decider.policy.config.PolicySettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Fallback (reference §5) and re-enable")
class FallbackTest {

    /** 10 replicas at 60 %, min 2 with no spot capacity: 4 on-demand running, 6 spot pending. */
    private static Sim outage(PolicySettings settings) {
        Sim sim = new Sim(settings);
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 10, Sim.config(60, 2));
        sim.reconcile(web);
        return sim;
    }

    @Test
    @DisplayName("after a restart, spot pods read Pending from the topics fall back one schedule timeout after the rebuild, not at once: "
            + "a restarted watcher publishes their fresh state first")
    void restartTrustsPendingAfterOneTimeout() {
        Sim sim = outage(PolicySettings.DEFAULTS);
        sim.now = sim.now.plus(Duration.ofMinutes(5)); // Pending for 5 minutes in the records a restarted decider reads
        sim.state.markRebuilt(sim.now);
        assertThat(sim.tick()).as("right after the rebuild").isEmpty();
        sim.now = sim.now.plus(Duration.ofSeconds(59));
        assertThat(sim.tick()).isEmpty();
        sim.now = sim.now.plus(Duration.ofSeconds(1));
        List<Action> first = sim.tick();
        assertThat(Sim.types(first)).containsExactly(ActionType.DISABLE_SPOT);
        assertThat(((DisableSpot) first.get(0)).pendingFor()).as("the pod's own Pending time").isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    @DisplayName("after a restart, a Pending spot pod whose record arrives after the rebuild is trusted at once: it comes from a running watcher")
    void restartTrustsLiveRecords() {
        Sim sim = outage(PolicySettings.DEFAULTS);
        sim.now = sim.now.plus(Duration.ofMinutes(5));
        sim.state.markRebuilt(sim.now);
        sim.pods.values().forEach(sim::publish); // the restarted watcher's fresh state: still Pending
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.DISABLE_SPOT);
    }

    @Test
    @DisplayName("4 running on-demand + 6 pending spot, after the timeout → 1 DISABLE_SPOT, then once it is PATCHED 6 EVICT_POD")
    void disableThenEvict() {
        Sim sim = outage(PolicySettings.DEFAULTS);
        sim.now = sim.now.plus(Duration.ofSeconds(59));
        assertThat(sim.tick()).isEmpty();
        sim.now = sim.now.plus(Duration.ofSeconds(1));
        List<Action> first = sim.tick();
        assertThat(Sim.types(first)).containsExactly(ActionType.DISABLE_SPOT);
        DisableSpot disable = (DisableSpot) first.get(0);
        assertThat(disable.reason()).isEqualTo(ActionReason.FALLBACK);
        assertThat(disable.disabledUntil()).isEqualTo(sim.now.plus(Duration.ofMinutes(2)));
        assertThat(disable.counts().spot()).isEqualTo(6);
        assertThat(disable.counts().onDemand()).isEqualTo(4);
        assertThat(disable.trigger().uid()).isEqualTo(sim.pods.get(disable.trigger().name()).uid);
        assertThat(disable.pendingFor()).isEqualTo(Duration.ofMinutes(1));
        assertThat(sim.state.isDisabled(sim.workloads.get(0).ref, sim.now)).as("placement goes on-demand at once").isTrue();
        sim.execute(first);
        sim.now = sim.now.plus(Duration.ofSeconds(10));
        List<Action> actions = sim.tick();
        assertThat(Sim.types(actions)).containsExactly(ActionType.EVICT_POD, ActionType.EVICT_POD,
                ActionType.EVICT_POD, ActionType.EVICT_POD, ActionType.EVICT_POD, ActionType.EVICT_POD);
        assertThat(actions).allSatisfy(action -> {
            FallbackEviction a = (FallbackEviction) action;
            assertThat(a.reason()).isEqualTo(ActionReason.FALLBACK);
            assertThat(a.windowEnd()).isEqualTo(disable.disabledUntil());
            assertThat(a.pod().uid()).isEqualTo(sim.pods.get(a.pod().name()).uid);
            assertThat(sim.pods.get(a.pod().name()).spot).isTrue();
            assertThat(a.pendingFor()).isEqualTo(Duration.ofSeconds(70));
            assertThat(a.scheduleTimeout()).isEqualTo(Duration.ofMinutes(1));
            assertThat(a.decidedAt()).isEqualTo(sim.now);
            assertThat(a.id()).isNotBlank();
        });
        assertThat(sim.tick()).as("nothing is re-issued while in flight").isEmpty();
    }

    @Test
    @DisplayName("full outage story: fallback → 10 on-demand → window ends with spot back → ENABLE_SPOT → 6 rebalancing evictions → 6 / 4")
    void outageAndRecovery() {
        Sim sim = outage(PolicySettings.DEFAULTS);
        Sim.Workload web = sim.workloads.get(0);
        List<Action> fallback = sim.run(Duration.ofSeconds(80));
        assertThat(Sim.types(fallback)).containsExactly(ActionType.DISABLE_SPOT, ActionType.EVICT_POD, ActionType.EVICT_POD,
                ActionType.EVICT_POD, ActionType.EVICT_POD, ActionType.EVICT_POD, ActionType.EVICT_POD);
        assertThat(sim.onDemand(web)).isEqualTo(10);
        assertThat(sim.state.summaries(sim.now)).singleElement().satisfies(s -> {
            assertThat(s.excessOnDemand()).isEqualTo(6);
            assertThat(s.fallbackActive()).isTrue();
        });
        assertThat(sim.state.activeFallbacksByKind(sim.now).get(web.ref.kind())).isEqualTo(1);
        sim.spotCapacity = true;
        List<Action> recovery = sim.run(Duration.ofMinutes(12));
        assertThat(Sim.types(recovery)).first().isEqualTo(ActionType.ENABLE_SPOT);
        assertThat(recovery).filteredOn(a -> a.type() == ActionType.EVICT_POD)
                .hasSize(6).allSatisfy(a -> assertThat(a.reason()).isEqualTo(ActionReason.REBALANCE_EXCESS_ON_DEMAND));
        assertThat(recovery).filteredOn(a -> a.type() == ActionType.ENABLE_SPOT).hasSize(1);
        assertThat(List.of(sim.spot(web), sim.onDemand(web))).containsExactly(6L, 4L);
        assertThat(web.disabledUntilRaw).as("the annotation is removed").isNull();
        List<Action> evictions = recovery.stream().filter(a -> a.type() == ActionType.EVICT_POD).toList();
        for (int i = 1; i < evictions.size(); i++) {
            assertThat(Duration.between(evictions.get(i - 1).decidedAt(), evictions.get(i).decidedAt()))
                    .as("one eviction per stabilization period").isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        }
    }

    @ParameterizedTest(name = "pod bound to a node but Pending, fallbackOnlyUnbound={0} → fallback {1}")
    @CsvSource({"true, false", "false, true"})
    @DisplayName("bound-but-Pending pods (image pulls) only trigger fallback when configured back to the reference")
    void boundButPending(boolean onlyUnbound, boolean triggers) {
        Sim sim = new Sim(PolicySettings.DEFAULTS.withFallbackOnlyUnbound(onlyUnbound));
        Sim.Workload web = sim.deployment("web", 1, Sim.config(100, 0));
        sim.spotCapacity = false;
        Sim.Pod pod = sim.create(web);
        pod.node = "spot-node"; // bound, still pulling its image
        sim.publish(pod);
        sim.now = sim.now.plus(Duration.ofMinutes(2));
        assertThat(sim.tick().isEmpty()).isEqualTo(!triggers);
    }

    @Test
    @DisplayName("already disabled: the timed-out pods are evicted without a second DISABLE_SPOT")
    void alreadyDisabled() {
        Sim sim = new Sim();
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 2, Sim.config(100, 0));
        sim.reconcile(web);
        web.disabledUntilRaw = sim.now.plus(Duration.ofMinutes(10)).toString();
        sim.publish(web);
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.EVICT_POD, ActionType.EVICT_POD);
    }

    @Test
    @DisplayName("on-demand Pending pods and running spot pods never trigger fallback")
    void onlyPendingSpot() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 4, Sim.config(50, 0));
        sim.reconcile(web);
        sim.pods.values().stream().filter(p -> !p.spot).forEach(p -> {
            p.phase = "Pending";
            p.node = null;
            sim.publish(p);
        });
        sim.now = sim.now.plus(Duration.ofMinutes(5));
        assertThat(sim.tick()).noneMatch(a -> a.reason() == ActionReason.FALLBACK);
    }

    @Test
    @DisplayName("a FAILED fallback eviction is retried after the back-off, not on the next tick")
    void failedEvictionRetried() {
        Sim sim = new Sim();
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 1, Sim.config(100, 0));
        sim.reconcile(web);
        sim.evictionResult = a -> OutcomeResult.FAILED;
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        sim.execute(sim.tick()); // DISABLE_SPOT, PATCHED
        sim.now = sim.now.plus(Duration.ofSeconds(10));
        List<Action> first = sim.tick();
        sim.execute(first);
        assertThat(Sim.types(first)).containsExactly(ActionType.EVICT_POD);
        sim.now = sim.now.plus(Duration.ofSeconds(10));
        assertThat(sim.tick()).isEmpty();
        sim.now = sim.now.plus(PolicySettings.DEFAULTS.failureBackoff());
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.EVICT_POD);
    }

    @Test
    @DisplayName("an eviction with no outcome stops blocking after actionTimeout and is decided again")
    void lostOutcomeExpires() {
        Sim sim = new Sim();
        sim.spotCapacity = false;
        Sim.Workload web = sim.deployment("web", 1, Sim.config(100, 0));
        sim.reconcile(web);
        sim.now = sim.now.plus(Duration.ofMinutes(1));
        List<Action> disable = sim.tick();
        assertThat(disable).hasSize(1);
        sim.state.apply(sim.outcome(disable.get(0), OutcomeResult.PATCHED), sim.now);
        assertThat(sim.tick()).hasSize(1);
        assertThat(sim.state.actionsInFlight()).isEqualTo(1);
        sim.now = sim.now.plus(PolicySettings.DEFAULTS.actionTimeout()).minusSeconds(1);
        assertThat(sim.tick()).isEmpty();
        sim.now = sim.now.plusSeconds(1);
        // the fallback window (2m) is over too and its annotation never came: a new window, then the same pod again
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.DISABLE_SPOT);
    }

    @Test
    @DisplayName("re-enable is emitted once when the window is over and the annotation is still there")
    void reenableOnce() {
        Sim sim = new Sim();
        Sim.Workload web = sim.deployment("web", 2, Sim.config(100, 0));
        web.disabledUntilRaw = sim.now.plus(Duration.ofMinutes(2)).toString();
        sim.publish(web);
        sim.reconcile(web);
        sim.now = sim.now.plus(Duration.ofMinutes(2)).minusSeconds(1);
        assertThat(sim.tick()).isEmpty();
        sim.now = sim.now.plusSeconds(1);
        List<Action> enable = sim.tick().stream().filter(a -> a.type() == ActionType.ENABLE_SPOT).toList();
        assertThat(enable).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.ENABLE_SPOT);
            assertThat(a.reason()).isEqualTo(ActionReason.FALLBACK_WINDOW_ENDED);
        });
        sim.now = sim.now.plusSeconds(10);
        assertThat(Sim.types(sim.tick())).as("not repeated before the annotation changes").doesNotContain(ActionType.ENABLE_SPOT);
        sim.state.apply(sim.outcome(enable.get(0), OutcomeResult.FAILED), sim.now);
        sim.now = sim.now.plus(PolicySettings.DEFAULTS.failureBackoff());
        assertThat(Sim.types(sim.tick())).as("a failed re-enable is retried after the back-off").containsOnlyOnce(ActionType.ENABLE_SPOT);
    }

    @Test
    @DisplayName("the same state at the same instant gives the same actions")
    void deterministic() {
        Sim a = outage(PolicySettings.DEFAULTS);
        Sim b = outage(PolicySettings.DEFAULTS);
        a.now = a.now.plus(Duration.ofMinutes(1));
        b.now = b.now.plus(Duration.ofMinutes(1));
        assertThat(a.tick()).isEqualTo(b.tick());
    }
}
