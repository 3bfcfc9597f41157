package io.spotwise.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.sandbox.ServiceProcess;
import java.io.File;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service JVM runs from its own module's runtime classpath, as its image does (its jar and target/lib): not from
 * the launcher's, where the other services, the simulator and the test libraries would hide a dependency the service
 * needs but does not declare.
 */
@ExtendWith(StackExtension.class)
@DisplayName("Each service runs from its own module's classpath")
class ServiceClasspathEndToEndIT {

    private static final List<String> MODULES = List.of("watcher", "decider", "actuator", "sandbox", "cluster-sim", "kafka-local",
            "chaos", "bench");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"watcher", "decider", "actuator"})
    @DisplayName("its classes and runtime dependencies, nothing of another service, the sandbox or the tests")
    void ownModuleClasspath(String role) {
        ServiceProcess service = StackExtension.stack().services().stream().filter(p -> p.name().equals(role)).findFirst().orElseThrow();
        List<String> classpath = List.of(service.classpath().split(File.pathSeparator));

        assertThat(classpath).as("the classpath of %s", role)
                .anyMatch(e -> e.endsWith(role + File.separator + "target" + File.separator + "classes"))
                .anyMatch(e -> e.contains("vertx-core"))
                .noneMatch(e -> Stream.of("junit", "assertj", "awaitility", "archunit").anyMatch(e::contains));
        MODULES.stream().filter(m -> !m.equals(role)).forEach(other -> assertThat(classpath).as("the classpath of %s", role)
                .noneMatch(e -> e.contains(File.separator + other + File.separator + "target" + File.separator)));
    }
}
