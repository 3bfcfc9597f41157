package io.spotwise.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.spotwise.sim.api.RecordedApiRequest;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker finds each kind of violation from evidence alone, and names the action and the workload. */
class CheckerTest {

    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    final List<RecordedApiRequest> requests = new ArrayList<>();
    final List<TopicReader.Rec> actions = new ArrayList<>();
    final List<TopicReader.Rec> uncommitted = new ArrayList<>();
    final List<TopicReader.Rec> outcomes = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final PodTimeline timeline = new PodTimeline();
    final List<Workloads.BudgetInterval> budgets = new ArrayList<>();

    @Test
    void aCleanEvictionWithItsOutcomeAndEventIsNoViolation() {
        pod("web-1", "u1", true, T.minusSeconds(10));
        evict("a1", "web-1", "u1", 0);
        eviction("web-1", T);
        outcome("a1", "EVICTED", event("SpotRebalancingEviction", "Pod", "web-1"));
        events.add(k8sEvent("web-1.0001", "SpotRebalancingEviction", "Pod", "web-1"));
        assertThat(check()).isEmpty();
    }

    @Test
    void anEvictionWhoseActionReportsAlreadyGoneAndHasNoEventIsTheCrashWindowHole() {
        pod("web-1", "u1", true, T.minusSeconds(10));
        evict("a1", "web-1", "u1", 0);
        eviction("web-1", T);
        outcome("a1", "ALREADY_GONE", null);
        assertThat(check()).extracting(Violation::guarantee, Violation::actionId, Violation::workload).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Guarantee.ONE_TERMINAL_OUTCOME, "a1", "Deployment(chaos/web)"),
                org.assertj.core.groups.Tuple.tuple(Guarantee.EVENT_ONCE, "a1", "Deployment(chaos/web)"));
    }

    @Test
    void twoTerminalOutcomesOrNoneAreViolations() {
        evict("a1", "web-1", "u1", 0);
        evict("a2", "web-2", "u2", 0);
        outcome("a1", "BLOCKED_BY_PDB", null);
        outcome("a1", "BLOCKED_BY_PDB", null);
        outcome("a2", "STARTED", null);
        assertThat(check()).extracting(Violation::guarantee, Violation::actionId).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(Guarantee.ONE_TERMINAL_OUTCOME, "a1"),
                org.assertj.core.groups.Tuple.tuple(Guarantee.ONE_TERMINAL_OUTCOME, "a2"));
    }

    @Test
    void anEventWrittenAgainOnRedeliveryIsCaughtFromTheRequestLog() {
        evictionLessAction("d1");
        outcome("d1", "PATCHED", event("SpotSchedulingDisabled", "Deployment", "web"));
        events.add(k8sEvent("web.0002", "SpotSchedulingDisabled", "Deployment", "web"));
        requests.add(request("PATCH", "events", null, "web.0002", 200, T));
        assertThat(check()).singleElement().satisfies(v -> {
            assertThat(v.guarantee()).isEqualTo(Guarantee.EVENT_ONCE);
            assertThat(v.actionId()).isEqualTo("d1");
            assertThat(v.detail()).contains("written 2 times for 1 action");
        });
    }

    @Test
    void anOutcomeForAnAbortedActionIsAFencedLeadersWriteThatTookEffect() {
        uncommitted.add(rec("spotwise.actions", 0, 5, action("z1", "EVICT_POD", "web-9", "u9", 3)));
        outcome("z1", "ALREADY_GONE", null);
        assertThat(check()).extracting(Violation::guarantee).containsExactly(Guarantee.FENCED_LEADER);
    }

    @Test
    void anOlderLeaderEpochAfterANewerOneInAPartitionIsAFencedLeadersWrite() {
        evict("a1", "web-1", "u1", 2);
        evict("a2", "web-2", "u2", 1);
        outcome("a1", "ALREADY_GONE", null);
        outcome("a2", "ALREADY_GONE", null);
        assertThat(check()).singleElement().satisfies(v -> {
            assertThat(v.guarantee()).isEqualTo(Guarantee.FENCED_LEADER);
            assertThat(v.actionId()).isEqualTo("a2");
        });
    }

    @Test
    void anEvictionThatLeavesTheBudgetShortAndADirectPodDeleteAreBudgetViolations() {
        budgets.add(new Workloads.BudgetInterval("web", T.minusSeconds(60), null));
        pod("web-1", "u1", true, T.minusSeconds(10));
        pod("web-2", "u2", false, T.minusSeconds(10));
        evict("a1", "web-1", "u1", 0);
        eviction("web-1", T);
        outcome("a1", "EVICTED", event("SpotRebalancingEviction", "Pod", "web-1"));
        events.add(k8sEvent("web-1.0001", "SpotRebalancingEviction", "Pod", "web-1"));
        requests.add(request("DELETE", "pods", null, "web-2", 200, T));
        assertThat(check()).extracting(Violation::guarantee).containsExactly(Guarantee.PDB_RESPECTED, Guarantee.PDB_RESPECTED);
    }

    @Test
    void evictingAPendingPodTakesNothingFromItsBudgetButEvictingAnUnreadyRunningOneDoes() {
        budgets.add(new Workloads.BudgetInterval("web", T.minusSeconds(60), null));
        pod("web-1", "u1", true, T.minusSeconds(10));
        pod("web-2", "u2", false, T.minusSeconds(10));
        pendingPod("web-3", "u3", T.minusSeconds(10));
        evict("a1", "web-3", "u3", 0);
        eviction("web-3", T);
        outcome("a1", "EVICTED", event("SpotFallbackEviction", "Pod", "web-3"));
        events.add(k8sEvent("web-3.0001", "SpotFallbackEviction", "Pod", "web-3"));
        assertThat(check()).as("Kubernetes' Eviction API ignores the budget for a Pending pod (canIgnorePDB)").isEmpty();

        evict("a2", "web-2", "u2", 0);
        eviction("web-2", T.plusSeconds(1));
        outcome("a2", "EVICTED", event("SpotRebalancingEviction", "Pod", "web-2"));
        events.add(k8sEvent("web-2.0002", "SpotRebalancingEviction", "Pod", "web-2"));
        assertThat(check()).singleElement().satisfies(v -> {
            assertThat(v.guarantee()).isEqualTo(Guarantee.PDB_RESPECTED);
            assertThat(v.detail()).contains("pod web-2 evicted");
        });
    }

    private List<Violation> check() {
        return new Checker(new Evidence("chaos", requests, actions, uncommitted, outcomes, events, timeline, budgets)).check();
    }

    private void pod(String name, String uid, boolean ready, Instant at) {
        timeline.record(new PodTimeline.Change(at, name, uid, Map.of("app", "web"), ready, false, false));
    }

    private void pendingPod(String name, String uid, Instant at) {
        timeline.record(new PodTimeline.Change(at, name, uid, Map.of("app", "web"), false, true, false));
    }

    private void evict(String id, String pod, String uid, long epoch) {
        JsonObject a = action(id, "EVICT_POD", pod, uid, epoch);
        actions.add(rec("spotwise.actions", 0, actions.size(), a));
        uncommitted.add(rec("spotwise.actions", 0, uncommitted.size(), a));
    }

    private void evictionLessAction(String id) {
        JsonObject a = new JsonObject().put("id", id).put("type", "DISABLE_SPOT").put("workload", workload());
        actions.add(rec("spotwise.actions", 1, actions.size(), a));
    }

    private static JsonObject action(String id, String type, String pod, String uid, long epoch) {
        JsonObject a = new JsonObject().put("id", id).put("type", type).put("workload", workload())
                .put("pod", new JsonObject().put("namespace", "chaos").put("name", pod).put("uid", uid));
        return epoch > 0 ? a.put("epoch", epoch) : a;
    }

    private static JsonObject workload() {
        return new JsonObject().put("kind", "Deployment").put("namespace", "chaos").put("name", "web");
    }

    private void eviction(String pod, Instant at) {
        requests.add(new RecordedApiRequest(at, "POST", "/api/v1/namespaces/chaos/pods/" + pod + "/eviction", "create", "", "v1", "pods",
                "eviction", "chaos", pod, "spotwise-actuator/0.1.0", 201));
    }

    private static RecordedApiRequest request(String method, String resource, String sub, String name, int status, Instant at) {
        return new RecordedApiRequest(at, method, "/api/v1/namespaces/chaos/" + resource + "/" + name, method.toLowerCase(), "", "v1", resource,
                sub, "chaos", name, "spotwise-actuator/0.1.0", status);
    }

    private void outcome(String id, String result, JsonObject event) {
        JsonObject o = new JsonObject().put("actionId", id).put("result", result).put("workload", workload());
        outcomes.add(rec("spotwise.outcomes", 0, outcomes.size(), event == null ? o : o.put("event", event)));
    }

    private static JsonObject event(String reason, String kind, String name) {
        return new JsonObject().put("reason", reason).put("involvedObject", new JsonObject().put("kind", kind).put("namespace", "chaos").put("name", name));
    }

    private static Event k8sEvent(String name, String reason, String kind, String object) {
        return new EventBuilder().withNewMetadata().withName(name).withNamespace("chaos").endMetadata().withReason(reason)
                .withNewInvolvedObject().withKind(kind).withNamespace("chaos").withName(object).endInvolvedObject().build();
    }

    private static TopicReader.Rec rec(String topic, int partition, long offset, JsonObject value) {
        return new TopicReader.Rec(topic, partition, offset, value.getJsonObject("workload").getString("name"), value, Map.of());
    }
}
