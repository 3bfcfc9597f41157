package io.spotwise.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one kubeconfig format for the simulated API server, for kubectl and the service JVMs: one cluster, context and
 * user (token {@code spotwise-sim}; the sim checks no authentication), namespace {@code default}; TLS verification
 * skipped for an https server (the sim's certificate is self-signed). Written by {@link SimulatedCluster} for itself
 * and by the chaos campaign for a proxy in front of it.
 */
public final class Kubeconfig {

    private Kubeconfig() {
    }

    /**
     * Writes the kubeconfig (its directories created) and returns its path.
     *
     * @param cluster the cluster's name in the file (informative)
     * @param server  the API server's URL, e.g. {@code http://127.0.0.1:6443}
     */
    public static Path write(Path path, String cluster, String server) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s%3$s
                contexts:
                - name: spotwise-sim
                  context:
                    cluster: %1$s
                    user: spotwise-sim
                    namespace: default
                current-context: spotwise-sim
                users:
                - name: spotwise-sim
                  user:
                    token: spotwise-sim
                """.formatted(cluster, server, server.startsWith("https:") ? "\n    insecure-skip-tls-verify: true" : "");
        try {
            if (path.toAbsolutePath().getParent() != null) {
                Files.createDirectories(path.toAbsolutePath().getParent());
            }
            Files.writeString(path, yaml);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + path, e);
        }
    }
}
