package io.spotwise.contract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The contract is what an outside consumer of the topics depends on: the JDK and Jackson, nothing else. A Vert.x,
 * Kafka-client, fabric8 or logging type here would be forced on every such consumer.
 */
@AnalyzeClasses(packages = "io.spotwise.contract", importOptions = ImportOption.DoNotIncludeTests.class)
class ContractPurityTest {

    @ArchTest
    static final ArchRule contractDependsOnlyOnJdkAndJackson = classes()
            .that().resideInAPackage("io.spotwise.contract..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..", "io.spotwise.contract..")
            .as("io.spotwise.contract.. depends only on java.., com.fasterxml.jackson.. and itself");

    @ArchTest
    static final ArchRule contractDoesNotReachIntoTheRuntime = noClasses()
            .that().resideInAPackage("io.spotwise.contract..")
            .should().dependOnClassesThat().resideInAnyPackage("io.spotwise.common..", "io.vertx..", "org.apache.kafka..",
                    "io.fabric8..", "org.slf4j..", "ch.qos.logback..")
            .as("io.spotwise.contract.. uses nothing from the runtime, Vert.x, Kafka, fabric8 or logging");
}
