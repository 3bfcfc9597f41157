package io.spotwise.decider.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The policy is pure code: no Vert.x, no fabric8, no Kafka (STYLE §1), nothing of the service around it; its feature
 * packages depend downwards only (config, then state, then placement / fallback / rebalance, then the control loop).
 */
@AnalyzeClasses(packages = "io.spotwise.decider", importOptions = ImportOption.DoNotIncludeTests.class)
class PolicyArchitectureTest {

    @ArchTest
    static final ArchRule policyImportsNoVertxFabric8OrKafka = noClasses()
            .that().resideInAPackage("io.spotwise.decider.policy..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.fabric8..", "org.apache.kafka..")
            .as("io.spotwise.decider.policy.. depends on nothing from io.vertx, io.fabric8 or org.apache.kafka");

    @ArchTest
    static final ArchRule policyKnowsNoServiceCode = noClasses()
            .that().resideInAPackage("io.spotwise.decider.policy..")
            .should().dependOnClassesThat().resideInAnyPackage("io.spotwise.decider", "io.spotwise.decider.decisions..",
                    "io.spotwise.decider.leader..", "io.spotwise.decider.metrics..", "io.spotwise.decider.replay..",
                    "io.spotwise.decider.state..", "io.spotwise.decider.status..", "io.spotwise.decider.webhook..")
            .as("io.spotwise.decider.policy.. depends on no other package of the decider");

    @ArchTest
    static final ArchRule stateKnowsNoFeature = noClasses()
            .that().resideInAnyPackage("io.spotwise.decider.policy.config..", "io.spotwise.decider.policy.state..")
            .should().dependOnClassesThat().resideInAnyPackage("io.spotwise.decider.policy",
                    "io.spotwise.decider.policy.placement..", "io.spotwise.decider.policy.fallback..",
                    "io.spotwise.decider.policy.rebalance..")
            .as("the policy's config and state depend on no policy feature");

    @ArchTest
    static final ArchRule featuresAreIndependent = noClasses()
            .that().resideInAnyPackage("io.spotwise.decider.policy.placement..", "io.spotwise.decider.policy.fallback..",
                    "io.spotwise.decider.policy.rebalance..")
            .should().dependOnClassesThat().resideInAPackage("io.spotwise.decider.policy")
            .as("placement, fallback and rebalancing do not depend on the control loop");
}
