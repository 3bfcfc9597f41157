package io.spotwise.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl against a sim's kubeconfig, with its own discovery cache. Fails, never skips, without kubectl. */
final class Kubectl {

    private final Path dir;

    Kubectl(SimulatedCluster sim, Path dir) {
        this.dir = dir;
        sim.writeKubeconfig(dir.resolve("kubeconfig"));
    }

    private List<String> command(String... args) {
        return command(true, args);
    }

    private List<String> command(boolean timeout, String... args) {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", dir.resolve("kubeconfig").toString(),
                "--cache-dir", dir.resolve("cache").toString()));
        if (timeout) {
            cmd.add("--request-timeout=10s");
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs kubectl; returns stdout, asserting exit code 0. */
    String run(String... args) throws IOException, InterruptedException {
        Result r = exec(args);
        assertThat(r.exit()).as("kubectl %s failed: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    /** Runs kubectl with stdin; returns stdout, asserting exit code 0. */
    String runWithInput(String input, String... args) throws IOException, InterruptedException {
        Path in = Files.createTempFile(dir, "kubectl", ".in");
        Files.writeString(in, input);
        Result r = exec(in, args);
        assertThat(r.exit()).as("kubectl %s failed: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    Result exec(String... args) throws IOException, InterruptedException {
        return exec(null, args);
    }

    private Result exec(Path input, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "kubectl", ".out");
        Path err = Files.createTempFile(dir, "kubectl", ".err");
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (input != null) {
            pb.redirectInput(input.toFile());
        }
        Process p = pb.start();
        boolean exited = p.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        assertThat(exited).as("kubectl %s timed out: %s", String.join(" ", args), Files.readString(err)).isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Starts kubectl in the background (e.g. {@code get -w}); stdout goes to the returned file. */
    Background start(String... args) throws IOException {
        Path out = Files.createTempFile(dir, "kubectl-bg", ".out");
        Path err = Files.createTempFile(dir, "kubectl-bg", ".err");
        Process p = new ProcessBuilder(command(false, args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        return new Background(p, out, err);
    }

    record Result(int exit, String out, String err) {
    }

    record Background(Process process, Path out, Path err) implements AutoCloseable {
        String output() throws IOException {
            return Files.readString(out);
        }

        String errors() throws IOException {
            return Files.readString(err);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
