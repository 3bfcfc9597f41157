package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.spotwise.contract.SetDeletionCost;
import io.spotwise.sandbox.Stack;
import io.spotwise.sandbox.e2e.InterruptionsEndToEndIT;
import io.spotwise.sandbox.e2e.Scenario;
import io.spotwise.sandbox.e2e.StackExtension;
import io.spotwise.sim.api.RecordedApiRequest;
import io.spotwise.sim.nodes.NodePools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Checks each API request the services made — recorded by the simulated API server, attributed by User-Agent —
 * against the RBAC that k8s/base grants that service's ServiceAccount: every request allowed, and no grant left that
 * nothing used. It runs its own scenario, one that needs every grant (fallback, recovery, rebalancing, pod-deletion
 * cost, an eviction blocked twice by a PodDisruptionBudget, a StatefulSet), so it passes whether it runs first, last
 * or alone; the requests of the end-to-end tests that ran before it in this JVM are checked too.
 */
class RbacEndToEndIT {

    private static final Duration CONVERGE = Duration.ofSeconds(90);

    /** Grants the services need but this scenario does not exercise, each with the reason. */
    static final Map<String, Set<String>> NEEDED_BUT_NOT_EXERCISED = Map.of(
            "spotwise/spotwise-actuator", Set.of(
                    "patch apps/statefulsets" // a StatefulSet fallback writes spot-disabled-until on it
            ),
            "spotwise/spotwise-decider", Set.of(),
            "spotwise/spotwise-watcher", Set.of());

    /** The stack with pod-deletion cost on (the actuator's pods patch), shared with the interruption tests. */
    private static Stack stack() {
        return StackExtension.stack(InterruptionsEndToEndIT.ENV);
    }

    @AfterEach
    void spotBack() {
        if (stack().sim().nodePools().nodeNames(NodePools.Pool.SPOT).isEmpty()) {
            stack().sim().restoreSpot();
        }
    }

    @Test
    @DisplayName("every request each service made is allowed by its ServiceAccount's RBAC, and its RBAC grants nothing beyond them")
    void requestsMatchRbac() {
        try (Scenario s = new Scenario(stack(), "e2e-rbac")) {
            stack().sim().spotOutage();
            s.deployment("web", 6, true, "{\"percentage\":50,\"minOnDemandReplicas\":1}");
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.row("Deployment/web").onDemand()).isEqualTo(6));
            stack().sim().restoreSpot();
            s.awaitSplit("Deployment/web", 3, 3, CONVERGE.multipliedBy(2));
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.pods("web"))
                    .allSatisfy(p -> assertThat(p.getMetadata().getAnnotations()).containsKey(SetDeletionCost.ANNOTATION)));
            // A PodDisruptionBudget that allows no disruption: SpotEvictionBlocked, backed off, blocked again — the
            // repeat counted on the same Event (its patch).
            s.deployment("pdb", 2, false, "{\"percentage\":50,\"minOnDemandReplicas\":0}");
            s.awaitSplit("Deployment/pdb", 0, 2, CONVERGE);
            s.client().policy().v1().podDisruptionBudget().inNamespace(s.namespace()).resource(new PodDisruptionBudgetBuilder()
                    .withNewMetadata().withName("pdb").endMetadata()
                    .withNewSpec().withMinAvailable(new IntOrString(2)).withNewSelector().addToMatchLabels("app", "pdb").endSelector().endSpec()
                    .build()).create();
            s.patchDeployment("pdb", Scenario.metadata("labels", Scenario.KEYS.spotEnabled(), "true"));
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.events("SpotEvictionBlocked"))
                    .anySatisfy(e -> assertThat(e.getCount()).isGreaterThanOrEqualTo(2)));
            s.statefulSet("db", 2, "{\"percentage\":50,\"minOnDemandReplicas\":1}");
            s.awaitSplit("StatefulSet/db", 1, 1, CONVERGE);
            await().atMost(CONVERGE).untilAsserted(() -> assertThat(s.annotations("StatefulSet", "db")).containsKey(Scenario.KEYS.status()));
        }
        RbacRules rules = RbacRules.fromYaml(Kustomize.build("base"));
        Map<String, List<ApiRequest>> bySa = new HashMap<>();
        for (RecordedApiRequest r : StackExtension.allRequests()) {
            Optional<String> sa = RbacRules.serviceAccountOfUserAgent(r.userAgent());
            sa.ifPresent(s -> bySa.computeIfAbsent(s, k -> new ArrayList<>()).add(ApiRequest.fromHttp(r.method(), r.path())));
        }
        assertThat(bySa.keySet()).as("requests seen from every service")
                .contains("spotwise/spotwise-watcher", "spotwise/spotwise-decider", "spotwise/spotwise-actuator");
        bySa.forEach((sa, requests) -> {
            assertThat(rules.denied(sa, requests)).as("requests of %s that its RBAC forbids", sa).isEmpty();
            List<String> unused = rules.unusedGrants(sa, requests).stream()
                    .map(g -> g.verb() + " " + (g.apiGroup().isEmpty() ? "" : g.apiGroup() + "/") + g.resource())
                    .filter(g -> !NEEDED_BUT_NOT_EXERCISED.getOrDefault(sa, Set.of()).contains(g))
                    .distinct().toList();
            assertThat(unused).as("grants of %s that no request used", sa).isEmpty();
        });
    }
}
