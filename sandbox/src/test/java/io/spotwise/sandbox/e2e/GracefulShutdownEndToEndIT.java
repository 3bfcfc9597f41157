package io.spotwise.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.spotwise.sandbox.ServiceProcess;
import io.spotwise.sandbox.Stack;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a rollout does to every pod: SIGTERM. Each service must stop by itself, in order, with nothing going wrong —
 * before this, the decider and the watcher logged {@code RejectedExecutionException: event executor terminated} and
 * then waited out their whole shutdown timeout. Each service is started again afterwards (the stack is shared).
 */
@ExtendWith(StackExtension.class)
@DisplayName("SIGTERM stops each service cleanly")
class GracefulShutdownEndToEndIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"watcher", "decider", "actuator"})
    @DisplayName("the process exits on SIGTERM by itself, its log says it stopped cleanly, no error and no exception")
    void sigtermStopsCleanly(String role) {
        Stack stack = StackExtension.stack();
        ServiceProcess service = stack.services().stream().filter(p -> p.name().equals(role)).findFirst().orElseThrow();
        int before = service.logLines();

        int exit = service.stop();
        List<String> shutdownLog = service.logSince(before);
        service.start();
        service.awaitReady(Duration.ofSeconds(90));

        assertThat(exit).as("exit status: 143 = ended by its own shutdown hook on SIGTERM (137 = had to be killed)").isEqualTo(143);
        assertThat(String.join("\n", shutdownLog))
                .contains("Spotwise " + role + " stopped in")
                .doesNotContain("not cleanly", "did not stop within", "Exception in thread", "RejectedExecutionException",
                        "\"level\":\"ERROR\"");
    }
}
