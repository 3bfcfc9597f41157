package io.spotwise.kafka.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parent-pid watchdog every started JVM runs under: the child runs its main, and ends when its parent does. */
class ChildMainIT {

    /** A main that records its arguments, then waits to be stopped. */
    public static final class Waiting {
        public static void main(String[] args) throws Exception {
            // Written aside and moved into place: the test waits for the file to exist, and must never read it half
            // written (CI read it empty once).
            Path done = Path.of(args[0]);
            Path partial = done.resolveSibling(done.getFileName() + ".partial");
            Files.writeString(partial, String.join(" ", args));
            Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
            new CountDownLatch(1).await();
        }
    }

    @Test
    @DisplayName("runs the given main with its arguments, and halts once the parent process is gone")
    void haltsWithItsParent(@TempDir Path dir) throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        Path started = dir.resolve("started");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildMain.class.getName(), Long.toString(parent.pid()),
                Waiting.class.getName(), started.toString(), "two"));
        Process child = new ProcessBuilder(cmd).inheritIO().start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(started) && System.nanoTime() < deadline && child.isAlive()) {
                child.waitFor(100, TimeUnit.MILLISECONDS);
            }
            assertEquals(started + " two", Files.readString(started), "the main ran with the arguments after the class");
            assertTrue(child.isAlive(), "the child runs while its parent does");

            parent.destroy();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ended with its parent");
        } finally {
            parent.destroyForcibly();
            child.destroyForcibly();
        }
    }

    @Test
    @DisplayName("a free port can be listened on")
    void freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(FreePort.pick())) {
            assertTrue(s.getLocalPort() > 0);
        }
    }
}
