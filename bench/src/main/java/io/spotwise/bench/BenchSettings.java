package io.spotwise.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One benchmark run: {@code workloads} Deployments × {@code replicas}, each at {@code percentage} % spot, run through
 * every phase once per {@link Pacing}, all with the same compressed timings.
 *
 * <p>Compression: every time constant of Spotwise's defaults is divided by {@code timeScale} and every rate multiplied
 * by it (tick 10 s, schedule timeout 1 m, stabilization 1 m, eviction budgets), for both pacings alike. The fallback
 * window is the exception ({@code fallbackWindow}): the machinery (API server, Kafka, JVMs) does not get faster, so a
 * window shorter than the fallback itself takes would end while the outage lasts and make workloads cycle.
 */
public record BenchSettings(int workloads, int replicas, int percentage, List<Pacing> pacings, Path home, int timeScale,
                            Duration fallbackWindow, Duration phaseTimeout) {

    public BenchSettings {
        if (workloads < 1 || replicas < 1) {
            throw new IllegalArgumentException("--workloads and --replicas must be at least 1, were " + workloads + " and " + replicas);
        }
        if (percentage < 0 || percentage > 100) {
            throw new IllegalArgumentException("--percentage must be in [0, 100], was " + percentage);
        }
        if (timeScale < 1 || timeScale > 100) {
            throw new IllegalArgumentException("--time-scale must be in [1, 100], was " + timeScale);
        }
        if (pacings.isEmpty()) {
            throw new IllegalArgumentException("--configs names no configuration");
        }
        pacings = List.copyOf(pacings);
    }

    public static BenchSettings of(int workloads, int replicas, Path home) {
        return new BenchSettings(workloads, replicas, 60, List.of(Pacing.SPOTWISE, Pacing.REFERENCE), home, 10,
                Duration.ofSeconds(60), Duration.ofMinutes(20));
    }

    public BenchSettings withPacings(List<Pacing> p) {
        return new BenchSettings(workloads, replicas, percentage, p, home, timeScale, fallbackWindow, phaseTimeout);
    }

    public BenchSettings withPhaseTimeout(Duration d) {
        return new BenchSettings(workloads, replicas, percentage, pacings, home, timeScale, fallbackWindow, d);
    }

    public BenchSettings withFallbackWindow(Duration d) {
        return new BenchSettings(workloads, replicas, percentage, pacings, home, timeScale, d, phaseTimeout);
    }

    public BenchSettings withTimeScale(int k) {
        return new BenchSettings(workloads, replicas, percentage, pacings, home, k, fallbackWindow, phaseTimeout);
    }

    /** Spot pods each workload runs at its target. */
    public int desiredSpot() {
        return replicas * percentage / 100;
    }

    public int totalPods() {
        return workloads * replicas;
    }

    /** A duration of Spotwise's defaults, compressed: {@code 60s} at time scale 10 is {@code 6000ms}. */
    public String scaled(Duration real) {
        return real.toMillis() / timeScale + "ms";
    }

    public double scaledRate(double perSecond) {
        return perSecond * timeScale;
    }
}
