package io.spotwise.sandbox.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.spotwise.sandbox.ServiceProcess;
import io.spotwise.sandbox.e2e.Scenario;
import io.spotwise.sandbox.e2e.StackExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** docs/operations.md §5 against what the three running services export on /metrics. */
@ExtendWith(StackExtension.class)
class MetricsEndToEndIT {

    @Test
    @DisplayName("every documented family is exported with a non-empty HELP, and every exported spotwise_ family is documented")
    void documentedFamiliesAreExported() {
        Map<String, List<String>> documented = MetricsReference.documented();
        assertThat(documented.values()).allSatisfy(families -> assertThat(families).hasSizeGreaterThan(5));
        try (Scenario s = new Scenario(StackExtension.stack(), "e2e-metrics")) {
            // a workload with an unreadable spot-config: per-workload gauges in the decider, a REPORT_CONFIG_INVALID
            // action carried out (and counted per workload) by the actuator
            s.deployment("web", 2, true, "{\"percentage\": 50,");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(service("decider").metrics()).contains("spotwise_decider_workload_pods{").contains("namespace=\"e2e-metrics\""));
            // now that the workload has per-workload series, new spot pods of it are timed while Pending
            s.client().apps().deployments().inNamespace(s.namespace()).withName("web").scale(4);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(service("decider").metrics())
                        .contains("spotwise_decider_workload_spot_pending_time_seconds_count{kind=\"Deployment\",name=\"web\",namespace=\"e2e-metrics\"}");
                assertThat(service("actuator").metrics()).contains("spotwise_actuator_workload_actions_total{")
                        .contains("namespace=\"e2e-metrics\"");
            });
            SoftAssertions soft = new SoftAssertions();
            for (String name : MetricsReference.SERVICES) {
                Map<String, String> help = MetricsReference.helpTexts(service(name).metrics());
                for (String family : documented.get(name)) {
                    soft.assertThat(help).as("%s exports documented %s", name, family).containsKey(family);
                    soft.assertThat(help.getOrDefault(family, "x")).as("HELP of %s on %s", family, name).isNotBlank();
                }
                help.forEach((family, text) -> {
                    soft.assertThat(text).as("HELP of %s on %s", family, name).isNotBlank();
                    if (family.startsWith("spotwise_")) {
                        String base = family.endsWith("_seconds_max") ? family.substring(0, family.length() - 4) : family;
                        soft.assertThat(documented.get(name)).as("%s's %s is documented in docs/operations.md §5", name, family).contains(base);
                    }
                });
            }
            soft.assertAll();
        }
    }

    static ServiceProcess service(String name) {
        return StackExtension.stack().services().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
