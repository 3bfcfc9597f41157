package io.spotwise.sandbox.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the deployment files live: the repository root is the first ancestor of the working directory with k8s/. */
final class DeployFiles {

    private DeployFiles() {
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("k8s")) && Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no k8s/ and docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    static Path k8s() {
        return repoRoot().resolve("k8s");
    }

    /** Every YAML file under k8s/, sorted, as paths relative to k8s/. */
    static List<Path> k8sYamlFiles() {
        try (Stream<Path> files = Files.walk(k8s())) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .map(p -> k8s().relativize(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every directory under k8s/ that kustomize can build on its own (not components, which need an overlay). */
    static List<Path> kustomizations() {
        try (Stream<Path> files = Files.walk(k8s())) {
            return files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                    .filter(p -> !read(p).contains("kind: Component"))
                    .map(p -> k8s().relativize(p.getParent())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
