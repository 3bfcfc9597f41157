package io.spotwise.decider.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.spotwise.common.k8s.SpotConfigAnnotation;
import io.spotwise.common.k8s.SpotwiseKeys;
import io.spotwise.contract.Action;
import io.spotwise.contract.ActionReason;
import io.spotwise.contract.ActionType;
import io.spotwise.contract.ReportConfigInvalid;
import io.spotwise.contract.SpotwiseRecord;
import io.spotwise.contract.WorkloadRef;
import io.spotwise.contract.WorkloadSnapshot;
import io.spotwise.decider.policy.config.EffectiveConfig;
import io.spotwise.decider.policy.config.PolicySettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Config: settings validation, effective per-workload config (reference §1.3), SpotConfigInvalid reports")
class ConfigTest {

    private static final PolicySettings D = PolicySettings.DEFAULTS.withDefaults(60, 2);

    static Stream<Arguments> badSettings() {
        Duration zero = Duration.ZERO;
        return Stream.of(
                Arguments.of("percentage 101", (UnaryOperator<PolicySettings>) s -> s.withDefaults(101, 0), "defaultPercentage=101"),
                Arguments.of("percentage -1", (UnaryOperator<PolicySettings>) s -> s.withDefaults(-1, 0), "defaultPercentage=-1"),
                Arguments.of("min on-demand -1", (UnaryOperator<PolicySettings>) s -> s.withDefaults(100, -1), "defaultMinOnDemandReplicas=-1"),
                Arguments.of("zero schedule timeout", (UnaryOperator<PolicySettings>) s -> new PolicySettings(100, 0, zero,
                        s.fallbackDuration(), s.rebalanceStabilizationPeriod(), s.admissionTtl(), true, 1, 1,
                        s.actionTimeout(), s.failureBackoff(), s.keys()), "scheduleTimeout"),
                Arguments.of("zero fallback duration", (UnaryOperator<PolicySettings>) s -> new PolicySettings(100, 0,
                        s.scheduleTimeout(), zero, s.rebalanceStabilizationPeriod(), s.admissionTtl(), true, 1, 1,
                        s.actionTimeout(), s.failureBackoff(), s.keys()), "fallbackDuration"),
                Arguments.of("zero stabilization period", (UnaryOperator<PolicySettings>) s -> new PolicySettings(100, 0,
                        s.scheduleTimeout(), s.fallbackDuration(), zero, s.admissionTtl(), true, 1, 1,
                        s.actionTimeout(), s.failureBackoff(), s.keys()), "rebalanceStabilizationPeriod"),
                Arguments.of("eviction rate 0", (UnaryOperator<PolicySettings>) s -> s.withEvictionBudget(0, 1), "evictionRate"),
                Arguments.of("eviction burst 0", (UnaryOperator<PolicySettings>) s -> s.withEvictionBudget(1, 0), "evictionBurst"));
    }

    @ParameterizedTest(name = "{0} is rejected naming {2}")
    @MethodSource("badSettings")
    @DisplayName("settings out of range stop the service with the field named")
    void rejectsBadSettings(String name, UnaryOperator<PolicySettings> change, String field) {
        assertThatThrownBy(() -> change.apply(PolicySettings.DEFAULTS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(field);
    }

    @Test
    @DisplayName("the defaults are the reference's: 100 %, min 0, 1m / 2m / 1m")
    void defaults() {
        PolicySettings d = PolicySettings.DEFAULTS;
        assertThat(List.of(d.defaultPercentage(), d.defaultMinOnDemandReplicas())).containsExactly(100, 0);
        assertThat(List.of(d.scheduleTimeout(), d.fallbackDuration(), d.rebalanceStabilizationPeriod()))
                .containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(1));
        assertThat(d.fallbackOnlyUnbound()).isTrue();
    }

    @ParameterizedTest(name = "spot-config {0} → {1} %, min {2}, problems: {3}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null | 60 | 2 | 0",
            "'' | 60 | 2 | 0",
            "{\"percentage\":50,\"minOnDemandReplicas\":1} | 50 | 1 | 0",
            "{\"percentage\":50} | 50 | 2 | 0",
            "{\"percentage\":null,\"minOnDemandReplicas\":0} | 60 | 0 | 0",
            "{\"percentage\":30,\"other\":true} | 30 | 2 | 0",
            "{\"percentage\":101,\"minOnDemandReplicas\":1} | 60 | 1 | 1",
            "{\"percentage\":-5,\"minOnDemandReplicas\":-1} | 60 | 2 | 2",
            "{\"percentage\":50.5,\"minOnDemandReplicas\":1} | 60 | 2 | 1",
            "{\"percentage\":\"50\"} | 60 | 2 | 1",
            "{percentage: 50 | 60 | 2 | 1",
            "[50] | 60 | 2 | 1"})
    @DisplayName("malformed JSON ignores the whole annotation; an out-of-range field is ignored alone")
    void effectiveConfig(String raw, int percentage, int min, int problems) {
        EffectiveConfig c = EffectiveConfig.of(D, snapshot(raw, null));
        assertThat(c.percentage()).isEqualTo(percentage);
        assertThat(c.minOnDemandReplicas()).isEqualTo(min);
        assertThat(c.problems()).hasSize(problems);
    }

    @Test
    @DisplayName("a problem names the annotation, the bad value and what is used instead")
    void problemText() {
        EffectiveConfig c = EffectiveConfig.of(D, snapshot("{\"percentage\":101}", null));
        assertThat(c.problems()).singleElement().asString()
                .contains("spotwise.io/spot-config", "percentage=101", "[0, 100]", "using 60");
    }

    @ParameterizedTest(name = "spot-disabled-until {0} at 10:00:00 → disabled {1}")
    @CsvSource(nullValues = "null", value = {"2026-06-25T10:00:01Z, true", "2026-06-25T10:00:00Z, false", "null, false"})
    @DisplayName("disabled means now < disabledUntil, strictly")
    void disabledStrictlyBefore(String until, boolean disabled) {
        EffectiveConfig c = EffectiveConfig.of(D, snapshot(null, until == null ? null : Instant.parse(until)));
        assertThat(c.disabledAt(Sim.T0)).isEqualTo(disabled);
    }

    @Test
    @DisplayName("SpotConfigInvalid is reported once per distinct bad value, again for a new bad value")
    void configInvalidOncePerValue() {
        Sim sim = new Sim(D);
        Sim.Workload web = sim.deployment("web", 2, "{\"percentage\":150}");
        sim.reconcile(web);
        List<Action> first = sim.tick();
        assertThat(first).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(ActionType.REPORT_CONFIG_INVALID);
            assertThat(a.reason()).isEqualTo(ActionReason.CONFIG_INVALID);
            assertThat(((ReportConfigInvalid) a).detail()).contains("percentage=150", "using 60");
        });
        sim.publish(web); // the same value again (any workload update)
        assertThat(sim.tick()).isEmpty();
        web.config = "{oops";
        sim.publish(web);
        assertThat(sim.tick()).singleElement().satisfies(a -> assertThat(((ReportConfigInvalid) a).detail()).contains("'{oops'", "unreadable"));
        web.config = Sim.config(50, 1);
        sim.publish(web);
        assertThat(sim.tick()).isEmpty();
        web.config = "{oops";
        sim.publish(web);
        assertThat(Sim.types(sim.tick())).containsExactly(ActionType.REPORT_CONFIG_INVALID);
    }

    private static WorkloadSnapshot snapshot(String raw, Instant disabledUntil) {
        SpotConfigAnnotation.Parsed parsed = SpotConfigAnnotation.parse(raw);
        return new WorkloadSnapshot(SpotwiseRecord.CURRENT_SCHEMA_VERSION, WorkloadRef.deployment("shop", "web"), "u", 1,
                true, raw, parsed.config(), parsed.error(), disabledUntil == null ? null : disabledUntil.toString(),
                disabledUntil, 1, "1", Sim.T0);
    }

    @Test
    @DisplayName("keys follow the configured prefix")
    void prefix() {
        PolicySettings s = new PolicySettings(100, 0, Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(1),
                Duration.ofSeconds(30), true, 1, 1, Duration.ofMinutes(5), Duration.ofSeconds(30),
                new SpotwiseKeys("autoscaling.datadoghq.com"));
        assertThat(EffectiveConfig.of(s, snapshot("{\"percentage\":101}", null)).problems().get(0))
                .startsWith("autoscaling.datadoghq.com/spot-config");
    }
}
