package io.spotwise.kafka.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KafkaBrokerIT {

    @Test
    @DisplayName("a broker starts on a free port, survives stop/restart on the same port, and leaves nothing behind on close")
    void startsStopsRestartsAndCleansUp() throws IOException {
        Path dataDir;
        int port;
        try (KafkaBroker broker = KafkaBroker.start()) {
            assertTrue(broker.isRunning());
            port = broker.port();
            assertEquals("localhost:" + port, broker.bootstrapServers());
            assertTrue(canConnect(port), "broker accepts connections once started");
            String cp = KafkaBroker.brokerClasspath();
            dataDir = Path.of(System.getProperty("java.io.tmpdir"));
            assertTrue(cp.contains("kafka_2.13"), "broker classpath holds the Kafka server jars");

            broker.stop();
            assertFalse(broker.isRunning());
            assertFalse(canConnect(port), "stopped broker no longer listens");

            broker.restart();
            assertTrue(canConnect(port), "restarted broker listens on the same port");
        }
        assertFalse(canConnect(port), "closed broker is gone");
        assertTrue(Files.isDirectory(dataDir));
    }

    private static boolean canConnect(int port) {
        try (Socket s = new Socket("localhost", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
