package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.sandbox.e2e.StackExtension;
import io.spotwise.sim.api.RecordedApiRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs after every other end-to-end test (see junit-platform.properties) and checks each API request the services
 * made during them — recorded by the simulated API server, attributed by User-Agent — against the RBAC that
 * k8s/base grants that service's ServiceAccount: every request allowed, and no grant left that nothing used.
 */
@ExtendWith(StackExtension.class)
@Order(Integer.MAX_VALUE)
class RbacEndToEndIT {

    /** Grants the services need but the end-to-end scenarios do not exercise, each with the reason. */
    static final Map<String, Set<String>> NEEDED_BUT_NOT_EXERCISED = Map.of(
            "spotwise/spotwise-actuator", Set.of(
                    "patch apps/statefulsets" // a StatefulSet fallback writes spot-disabled-until on it
            ),
            "spotwise/spotwise-decider", Set.of(),
            "spotwise/spotwise-watcher", Set.of());

    @Test
    @DisplayName("every request each service made is allowed by its ServiceAccount's RBAC, and its RBAC grants nothing beyond them")
    void requestsMatchRbac() {
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
