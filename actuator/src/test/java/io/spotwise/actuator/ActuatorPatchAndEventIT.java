package io.spotwise.actuator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.spotwise.common.testing.SharedKafkaBroker;
import io.spotwise.contract.Action;
import io.spotwise.contract.EnableSpot;
import io.spotwise.contract.Outcome;
import io.spotwise.contract.OutcomeResult;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedKafkaBroker.class)
class ActuatorPatchAndEventIT {

    private static final String KEY = "spotwise.io/spot-disabled-until";
    private static ActuatorHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new ActuatorHarness(Map.of("SPOTWISE_EVENT_BURST", "3", "SPOTWISE_EVENT_REFILL_INTERVAL", "1h"));
    }

    @AfterAll
    static void stop() throws Exception {
        h.close();
    }

    private static Deployment deployment(String ns, String name, Map<String, String> annotations) {
        return h.client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).withNamespace(ns).withAnnotations(annotations)
                .addToLabels("spotwise.io/spot-enabled", "true").endMetadata()
                .withNewSpec().withReplicas(3).endSpec().build()).create();
    }

    private static String annotation(String ns, String name) {
        Map<String, String> a = h.client.apps().deployments().inNamespace(ns).withName(name).get().getMetadata().getAnnotations();
        return a == null ? null : a.get(KEY);
    }

    @Test
    @DisplayName("DISABLE_SPOT sets spot-disabled-until (RFC 3339 UTC, seconds) and writes SpotSchedulingDisabled saying until when and why")
    void disable() throws Exception {
        Deployment d = deployment("dis", "web", Map.of());
        Instant until = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS).plusMillis(700);
        String untilText = until.truncatedTo(ChronoUnit.SECONDS).toString();
        Action action = Actions.disable("dis", "web", d.getMetadata().getUid(), until);
        h.send(action);
        Outcome outcome = h.awaitOutcome(action.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.PATCHED);
        assertThat(annotation("dis", "web")).isEqualTo(untilText);
        Event event = h.events("dis").get(0);
        assertThat(event.getReason()).isEqualTo("SpotSchedulingDisabled");
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getMessage()).isEqualTo("Disabled spot scheduling until " + untilText + ": spot pod dis/web-1 was Pending for 1m12s (schedule timeout 1m), "
                + "so spot capacity looks unavailable; new pods go on-demand until then");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Deployment");
        assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("apps/v1");
        assertThat(event.getInvolvedObject().getUid()).isEqualTo(d.getMetadata().getUid());
    }

    @Test
    @DisplayName("the same event again (same object, reason, message) raises count on the one Event instead of creating another")
    void aggregation() throws Exception {
        String uid = deployment("agg", "web", Map.of()).getMetadata().getUid();
        Instant until = Instant.now().plusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        Action first = Actions.disable("agg", "web", uid, until);
        Action again = Actions.disable("agg", "web", uid, until);
        h.send(first);
        h.send(again);
        assertThat(h.awaitOutcome(first.id()).event().count()).isEqualTo(1);
        Outcome second = h.awaitOutcome(again.id());
        assertThat(second.result()).isEqualTo(OutcomeResult.PATCHED);
        assertThat(second.event().count()).isEqualTo(2);
        assertThat(h.events("agg")).singleElement().satisfies(e -> {
            assertThat(e.getCount()).isEqualTo(2);
            assertThat(e.getLastTimestamp()).isNotNull();
        });
        assertThat(annotation("agg", "web")).isEqualTo(until.toString());
    }

    @Test
    @DisplayName("beyond the per-object burst, further Events are dropped (the actions still complete)")
    void rateLimit() throws Exception {
        String uid = deployment("storm", "web", Map.of()).getMetadata().getUid();
        Action last = null;
        for (int i = 0; i < 5; i++) {
            last = Actions.configInvalid("storm", "web", uid, "{\"percentage\":" + (101 + i) + "}");
            h.send(last);
        }
        Outcome outcome = h.awaitOutcome(last.id());
        assertThat(outcome.result()).isEqualTo(OutcomeResult.REPORTED);
        assertThat(outcome.event()).isNull();
        assertThat(h.events("storm")).hasSize(3);
    }

    @Test
    @DisplayName("ENABLE_SPOT removes an ended window and writes SpotSchedulingEnabled; a window still in the future is left alone")
    void enable() throws Exception {
        String web = deployment("en", "web", Map.of(KEY, "2020-01-01T00:00:00Z")).getMetadata().getUid();
        String api = deployment("en", "api", Map.of(KEY, "2999-01-01T00:00:00Z")).getMetadata().getUid();
        EnableSpot ended = Actions.enable("en", "web", web);
        Action future = Actions.enable("en", "api", api);
        h.send(ended);
        h.send(future);
        assertThat(h.awaitOutcome(ended.id()).result()).isEqualTo(OutcomeResult.PATCHED);
        assertThat(annotation("en", "web")).isNull();
        assertThat(h.awaitOutcome(future.id()).result()).isEqualTo(OutcomeResult.PRECONDITION_FAILED);
        assertThat(annotation("en", "api")).isEqualTo("2999-01-01T00:00:00Z");
        assertThat(h.events("en")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("SpotSchedulingEnabled");
            assertThat(e.getType()).isEqualTo("Normal");
            // The window end the decider saw (the action's previousUntil), not the annotation the actuator finds: a redelivery
            // that finds the annotation gone writes the same message (V2 in docs/reliability.md).
            assertThat(e.getMessage()).isEqualTo("Enabled spot scheduling again: the fallback window ended (spot was disabled until "
                    + ended.previousUntil().truncatedTo(ChronoUnit.SECONDS) + "); new pods follow the split of 60 % spot, min 2 on-demand again "
                    + "and rebalancing moves existing ones");
        });
    }

    @Test
    @DisplayName("REPORT_CONFIG_INVALID writes only SpotConfigInvalid; a missing workload → ALREADY_GONE")
    void configInvalid() throws Exception {
        String uid = deployment("cfg", "web", Map.of()).getMetadata().getUid();
        Action action = Actions.configInvalid("cfg", "web", uid, "{\"percentage\":150}");
        Action missing = Actions.configInvalid("cfg", "nope", "uid-of-a-deleted-deployment", "{\"percentage\":150}");
        h.send(action);
        h.send(missing);
        assertThat(h.awaitOutcome(action.id()).result()).isEqualTo(OutcomeResult.REPORTED);
        assertThat(h.awaitOutcome(missing.id()).result()).isEqualTo(OutcomeResult.ALREADY_GONE);
        assertThat(h.events("cfg")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("SpotConfigInvalid");
            assertThat(e.getMessage()).isEqualTo("Annotation spotwise.io/spot-config cannot be used: spotwise.io/spot-config percentage=150 "
                    + "is out of range [0, 100]; using 100");
        });
    }

    @Test
    @DisplayName("a DISABLE_SPOT for a workload that no longer exists → ALREADY_GONE, nothing written")
    void disableGone() throws Exception {
        Action action = Actions.disable("nowl", "web", "uid-of-a-deleted-deployment", Instant.now().plusSeconds(120));
        h.send(action);
        assertThat(h.awaitOutcome(action.id()).result()).isEqualTo(OutcomeResult.ALREADY_GONE);
        assertThat(h.events("nowl")).isEmpty();
    }
}
