package io.spotwise.decider.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The policy is pure code: no Vert.x, no fabric8, no Kafka (STYLE §1). */
@AnalyzeClasses(packages = "io.spotwise.decider", importOptions = ImportOption.DoNotIncludeTests.class)
class PolicyArchitectureTest {

    @ArchTest
    static final ArchRule policyImportsNoVertxFabric8OrKafka = noClasses()
            .that().resideInAPackage("io.spotwise.decider.policy..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.fabric8..", "org.apache.kafka..")
            .as("io.spotwise.decider.policy.. depends on nothing from io.vertx, io.fabric8 or org.apache.kafka");
}
