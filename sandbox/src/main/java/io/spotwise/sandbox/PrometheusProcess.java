package io.spotwise.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotwise.kafka.local.FreePort;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prometheus (the {@code prometheus} binary, e.g. Debian's package) scraping the running stack's services, with
 * the alert rules loaded: its own free port and data directory under the stack's home.
 */
public final class PrometheusProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;

    private PrometheusProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The {@code prometheus} executable on PATH, if installed. */
    public static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts Prometheus scraping each service's /metrics every second (job = service name) and waits until ready. */
    public static PrometheusProcess start(Path binary, Path home, List<ServiceProcess> services, Optional<Path> rules) {
        try {
            int port = FreePort.pick();
            Path dir = Files.createDirectories(home.resolve("prometheus"));
            Path log = Files.createDirectories(home.resolve("logs")).resolve("prometheus.log");
            String jobs = services.stream().map(s -> """
                      - job_name: %s
                        honor_labels: true
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                            labels: {pod: %s-0}
                    """.formatted(s.name(), s.opsPort(), s.name())).collect(Collectors.joining());
            String config = "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    + rules.map(r -> "rule_files:\n  - '" + r.toAbsolutePath() + "'\n").orElse("")
                    + "scrape_configs:\n" + jobs;
            Path configFile = dir.resolve("prometheus.yml");
            Files.writeString(configFile, config);
            Process p = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--storage.tsdb.retention.time=1d")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            PrometheusProcess prometheus = new PrometheusProcess(p, port);
            prometheus.awaitReady(Duration.ofSeconds(60));
            LOG.info("Prometheus ready on {} scraping {}", prometheus.url(), services.stream().map(ServiceProcess::name).toList());
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Prometheus", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** GET on the HTTP API ({@code /api/v1/...}) with the given parameters; the parsed JSON answer, errors included. */
    public JsonNode api(String path, Map<String, String> params) {
        String query = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url() + path + (query.isEmpty() ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(10)).build();
            return JSON.readTree(HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException("Prometheus " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with code " + process.exitValue() + " (see logs/prometheus.log)");
            }
            try {
                HttpRequest req = HttpRequest.newBuilder(URI.create(url() + "/-/ready")).timeout(Duration.ofSeconds(2)).build();
                if (HTTP.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                LOG.debug("Prometheus not answering yet: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Prometheus", e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Prometheus", e);
            }
        }
        throw new IllegalStateException("Prometheus not ready after " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
