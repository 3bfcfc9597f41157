package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Builds a kustomization under k8s/ with the real {@code kubectl kustomize}. A missing kubectl fails the test: the
 * manifests are only checked if they are built the way an operator builds them (.ci/run installs kubectl).
 */
final class Kustomize {

    private static final Map<Path, String> BUILT = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The YAML kustomize prints for {@code k8s/<dir>}. */
    static String build(String dir) {
        return BUILT.computeIfAbsent(DeployFiles.k8s().resolve(dir).normalize(), Kustomize::run);
    }

    /** The typed objects of {@code k8s/<dir>}, after kustomize. */
    static List<HasMetadata> objects(String dir) {
        return Manifests.parse(build(dir), "kubectl kustomize k8s/" + dir);
    }

    static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return named(objects, type, name)
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " named " + name + " in the kustomize output"));
    }

    static <T extends HasMetadata> Optional<T> named(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Path kubectl() {
        for (String candidate : List.of("/usr/bin/kubectl", "/usr/local/bin/kubectl")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return p;
            }
        }
        return fail("kubectl not found (looked in /usr/bin, /usr/local/bin and PATH): install it "
                + "(apt-get install kubernetes-client, as .ci/run does) to check the k8s/ manifests");
    }

    private static String run(Path dir) {
        try {
            Path err = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(kubectl().toString(), "kustomize", dir.toString())
                    .redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish within 60 s");
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + process.exitValue() + "):\n" + stderr);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kubectl kustomize " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building " + dir, e);
        }
    }
}
