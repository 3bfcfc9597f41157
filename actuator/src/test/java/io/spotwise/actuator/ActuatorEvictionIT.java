package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.spotwise.common.kafka.CloudEventHeaders;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
class ActuatorEvictionIT {

    private static ActuatorHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new ActuatorHarness(Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static String evictionPath(String ns, String pod) {
        return "/api/v1/namespaces/" + ns + "/pods/" + pod + "/eviction";
    }

    private static Status success() {
        return new StatusBuilder().withStatus("Success").withCode(201).build();
    }

    @Test
    @DisplayName("rebalancing eviction: a policy/v1 Eviction with the UID precondition, outcome EVICTED, a Warning Event saying toward which split")
    void evicts() throws Exception {
        Pod pod = h.pod("evict", "web-1", "Running");
        h.server.expect().post().withPath(evictionPath("evict", "web-1")).andReturn(201, success()).once();
        Action action = Actions.rebalance("evict", "web-1", pod.getMetadata().getUid(), h.webUid("evict"), ActionReason.REBALANCE_EXCESS_ON_DEMAND);
        h.send(action);

        Outcome outcome = h.awaitOutcome(action.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.EVICTED);
        var evictions = h.requests("POST", evictionPath("evict", "web-1"));
        assertThat(evictions).hasSize(1);
        assertThat(evictions.get(0).getBody().readUtf8()).contains("\"apiVersion\":\"policy/v1\"").contains(pod.getMetadata().getUid());
        assertThat(h.requests("DELETE", "/api/v1/namespaces/evict/pods")).isEmpty();

        Event event = h.events("evict").get(0);
        assertThat(event.getReason()).isEqualTo("SpotRebalancingEviction");
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getMessage()).isEqualTo("Evicted on-demand pod for rebalancing toward 6 spot / 4 on-demand (60 %, min 2 on-demand): "
                + "3 spot / 7 on-demand in ReplicaSet web-7d9f");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
        assertThat(event.getSource().getComponent()).isEqualTo("spotwise");
        assertThat(event.getReportingComponent()).isEqualTo("spotwise");
        assertThat(event.getReportingInstance()).isEqualTo("spotwise-actuator-0");
        assertThat(event.getCount()).isEqualTo(1);
        assertThat(event.getFirstTimestamp()).isNotNull().isEqualTo(event.getLastTimestamp());
        assertThat(outcome.event().message()).isEqualTo(event.getMessage());
        assertThat(outcome.event().reportingController()).isEqualTo("spotwise");

        var record = h.outcomeRecord(action.id());
        assertThat(record.key()).isEqualTo("Deployment/evict/web");
        assertThat(new String(record.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8)).isEqualTo("io.spotwise.outcome.v1");
    }

    @Test
    @DisplayName("a pod that is gone → ALREADY_GONE without any eviction call and without an Event")
    void gone() throws Exception {
        Action action = Actions.rebalance("gone", "web-9", "uid-9", h.webUid("gone"), ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(action);
        assertThat(h.awaitOutcome(action.id()).result()).isEqualTo(OutcomeResult.ALREADY_GONE);
        assertThat(h.requests("POST", evictionPath("gone", "web-9"))).isEmpty();
        assertThat(h.events("gone")).isEmpty();
    }

    @Test
    @DisplayName("404 from the eviction subresource → ALREADY_GONE")
    void notFoundOnEviction() throws Exception {
        Pod pod = h.pod("nf", "web-1", "Running");
        h.server.expect().post().withPath(evictionPath("nf", "web-1"))
                .andReturn(404, new StatusBuilder().withCode(404).withReason("NotFound").withMessage("pods \"web-1\" not found").build()).once();
        Action action = Actions.rebalance("nf", "web-1", pod.getMetadata().getUid(), h.webUid("nf"), ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(action);
        assertThat(h.awaitOutcome(action.id()).result()).isEqualTo(OutcomeResult.ALREADY_GONE);
    }

    @Test
    @DisplayName("a recreated pod (other UID) or a fallback pod no longer Pending → PRECONDITION_FAILED, the pod untouched")
    void preconditions() throws Exception {
        Pod pod = h.pod("pre", "web-1", "Running");
        Action otherUid = Actions.rebalance("pre", "web-1", "uid-of-an-older-pod", h.webUid("pre"), ActionReason.REBALANCE_EXCESS_SPOT);
        Action notPending = Actions.fallbackEviction("pre", "web-1", pod.getMetadata().getUid(), h.webUid("pre"));
        h.send(otherUid);
        h.send(notPending);
        assertThat(h.awaitOutcome(otherUid.id()).result()).isEqualTo(OutcomeResult.PRECONDITION_FAILED);
        Outcome o = h.awaitOutcome(notPending.id());
        assertThat(o.result()).isEqualTo(OutcomeResult.PRECONDITION_FAILED);
        assertThat(o.detail()).contains("no longer Pending");
        assertThat(h.requests("POST", evictionPath("pre", "web-1"))).isEmpty();
        assertThat(h.client.pods().inNamespace("pre").withName("web-1").get()).isNotNull();
    }

    @Test
    @DisplayName("429 with a DisruptionBudget cause → BLOCKED_BY_PDB at once (no retry) and a SpotEvictionBlocked Event naming the budget")
    void blockedByPdb() throws Exception {
        Pod pod = h.pod("pdb", "web-1", "Running");
        h.server.expect().post().withPath(evictionPath("pdb", "web-1")).andReturn(429, new StatusBuilder().withCode(429)
                .withReason("TooManyRequests").withMessage("Cannot evict pod as it would violate the pod's disruption budget.")
                .withNewDetails().addNewCause().withReason("DisruptionBudget")
                .withMessage("The disruption budget web-pdb needs 2 healthy pods and has 2 currently").endCause().endDetails().build()).always();
        Action action = Actions.rebalance("pdb", "web-1", pod.getMetadata().getUid(), h.webUid("pdb"), ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(action);
        Outcome outcome = h.awaitOutcome(action.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.BLOCKED_BY_PDB);
        assertThat(outcome.detail()).contains("web-pdb");
        assertThat(h.requests("POST", evictionPath("pdb", "web-1"))).hasSize(1);
        Event event = h.events("pdb").get(0);
        assertThat(event.getReason()).isEqualTo("SpotEvictionBlocked");
        assertThat(event.getMessage()).isEqualTo("PodDisruptionBudget web-pdb refused to evict the spot pod for rebalancing toward 6 spot / 4 on-demand (60 %, min 2 "
                + "on-demand): 9 spot / 1 on-demand in ReplicaSet web-7d9f: The disruption budget web-pdb needs 2 healthy pods and has 2 currently");
    }

    @Test
    @DisplayName("429 from API priority and fairness twice, then success → retried with backoff, EVICTED")
    void apfThenSuccess() throws Exception {
        Pod pod = h.pod("apf", "web-1", "Running");
        Status tooMany = new StatusBuilder().withCode(429).withReason("TooManyRequests").withMessage("Too many requests, please try again later.").build();
        h.server.expect().post().withPath(evictionPath("apf", "web-1")).andReturn(429, tooMany).times(2);
        h.server.expect().post().withPath(evictionPath("apf", "web-1")).andReturn(201, success()).once();
        Action action = Actions.rebalance("apf", "web-1", pod.getMetadata().getUid(), h.webUid("apf"), ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(action);
        assertThat(h.awaitOutcome(action.id()).result()).isEqualTo(OutcomeResult.EVICTED);
        assertThat(h.requests("POST", evictionPath("apf", "web-1"))).hasSize(3);
    }

    @Test
    @DisplayName("5xx beyond the retry budget → FAILED after 1 + 2 attempts; 500 'more than one PodDisruptionBudget' → FAILED at once")
    void failures() throws Exception {
        Pod flaky = h.pod("fail", "web-1", "Running");
        Pod multi = h.pod("fail", "web-2", "Running");
        h.server.expect().post().withPath(evictionPath("fail", "web-1"))
                .andReturn(503, new StatusBuilder().withCode(503).withMessage("etcd leader changed").build()).always();
        h.server.expect().post().withPath(evictionPath("fail", "web-2")).andReturn(500, new StatusBuilder().withCode(500)
                .withMessage("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.").build()).always();
        Action a1 = Actions.rebalance("fail", "web-1", flaky.getMetadata().getUid(), h.webUid("fail"), ActionReason.REBALANCE_EXCESS_SPOT);
        Action a2 = Actions.rebalance("fail", "web-2", multi.getMetadata().getUid(), h.webUid("fail"), ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(a1);
        h.send(a2);
        Outcome o1 = h.awaitOutcome(a1.id());
        Outcome o2 = h.awaitOutcome(a2.id());
        assertThat(o1.result()).isEqualTo(OutcomeResult.FAILED);
        assertThat(o1.detail()).contains("etcd leader changed");
        assertThat(h.requests("POST", evictionPath("fail", "web-1"))).hasSize(3);
        assertThat(o2.result()).isEqualTo(OutcomeResult.FAILED);
        assertThat(o2.detail()).contains("more than one PodDisruptionBudget");
        assertThat(h.requests("POST", evictionPath("fail", "web-2"))).hasSize(1);
    }

    @Test
    @DisplayName("redelivery after a crash between effect and commit → one eviction, one Event, one outcome")
    void redelivery() throws Exception {
        Pod pod = h.pod("redo", "web-1", "Running");
        h.server.expect().post().withPath(evictionPath("redo", "web-1")).andReturn(201, success()).always();
        Action action = Actions.rebalance("redo", "web-1", pod.getMetadata().getUid(), h.webUid("redo"), ActionReason.REBALANCE_EXCESS_SPOT);
        RecordMetadata sent = h.send(action);
        h.awaitOutcome(action.id());

        h.stop();
        h.rewindTo(new TopicPartition(sent.topic(), sent.partition()), sent.offset());
        h.start();
        Action marker = Actions.configInvalid("redo", "web", h.webUid("redo"), "{\"percentage\":101}");
        h.send(marker);
        h.awaitOutcome(marker.id());

        assertThat(h.outcomes(action.id())).hasSize(1);
        assertThat(h.requests("POST", evictionPath("redo", "web-1"))).hasSize(1);
        assertThat(h.events("redo")).filteredOn(e -> e.getReason().equals("SpotRebalancingEviction"))
                .singleElement().satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
    }

    @Test
    @DisplayName("a malformed action goes to spotwise.dead-letter and the next action is still carried out")
    void malformed() throws Exception {
        h.send("Deployment/bad/web", "{\"schemaVersion\":1,\"id\":\"x\",\"type\":\"EVICT_POD\"".getBytes(StandardCharsets.UTF_8));
        Action next = Actions.configInvalid("bad", "web", h.webUid("bad"), "{\"percentage\":101}");
        h.send(next);
        assertThat(h.awaitOutcome(next.id()).result()).isIn(OutcomeResult.ALREADY_GONE, OutcomeResult.REPORTED);
        assertThat(h.deadLetters("Deployment/bad/web")).singleElement().satisfies(d -> {
            assertThat(d.error()).contains("malformed JSON");
            assertThat(d.service()).isEqualTo("actuator");
        });
    }

    @Test
    @DisplayName("/metrics counts actions by type and result and has the eviction latency histogram")
    void metrics() throws Exception {
        Action action = Actions.rebalance("metrics", "web-9", "uid-9", h.webUid("metrics"), ActionReason.REBALANCE_EXCESS_SPOT);
        h.send(action);
        h.awaitOutcome(action.id());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(h.scrape())
                .contains("spotwise_actuator_actions_total{result=\"ALREADY_GONE\",type=\"EVICT_POD\"}")
                .contains("spotwise_actuator_consumer_lag"));
    }
}
