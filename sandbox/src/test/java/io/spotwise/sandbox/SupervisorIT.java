package io.spotwise.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("./spotwise up supervises the services as their Deployments would")
class SupervisorIT {

    @Test
    @DisplayName("a service process that dies (SIGKILL, as an OOM kill) is started again, and the terminal says so")
    void restartsADeadService(@TempDir Path logs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8), false);
        ServiceProcess service = new ServiceProcess("watcher", SleepingService.class.getName(), Map.of(), 18081, logs,
                System.getProperty("java.class.path"));
        service.start();
        try (Supervisor supervisor = new Supervisor(List.of(service), terminal)) {
            supervisor.start();
            long first = service.pid();

            ProcessHandle.of(first).orElseThrow().destroyForcibly();

            await().atMost(Duration.ofSeconds(60)).until(() -> supervisor.restarts("watcher") == 1 && service.isRunning());
            assertThat(service.pid()).isNotEqualTo(first);
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("watcher exited (status 137); restarting it in 1 s, as its Deployment would")
                    .contains("watcher restarted (restart 1), metrics again on http://localhost:18081/metrics");
        } finally {
            service.kill();
        }
    }
}
