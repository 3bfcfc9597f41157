package io.spotwise.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One benchmark run: {@code workloads} Deployments × {@code replicas}, each at {@code percentage} % spot, run through
 * every phase once per {@link Pacing}, all with the same compressed timings.
 *
 * <p>Compression: the pacing constants of Spotwise's defaults are divided by {@code timeScale} and its rates multiplied
 * by it (tick 10 s, stabilization 1 m, eviction budgets), for both pacings alike. Two timings are set on their own,
 * because the machinery (simulated API server, Kafka, JVMs on a shared machine) does not get faster: the schedule
 * timeout must exceed how long the simulator takes to schedule a burst of pods, or healthy spot pods fall back; and the
 * fallback window must outlast the fallback itself, or windows end while the outage lasts and workloads cycle.
 */
public record BenchSettings(int workloads, int replicas, int percentage, List<Pacing> pacings, Path home, int timeScale,
        Duration scheduleTimeout, Duration fallbackWindow, Duration phaseTimeout) {

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
                Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofMinutes(20));
    }

    public BenchSettings withPacings(List<Pacing> p) {
        return new BenchSettings(workloads, replicas, percentage, p, home, timeScale, scheduleTimeout, fallbackWindow, phaseTimeout);
    }

    public BenchSettings withPhaseTimeout(Duration d) {
        return new BenchSettings(workloads, replicas, percentage, pacings, home, timeScale, scheduleTimeout, fallbackWindow, d);
    }

    public BenchSettings withFallbackWindow(Duration d) {
        return new BenchSettings(workloads, replicas, percentage, pacings, home, timeScale, scheduleTimeout, d, phaseTimeout);
    }

    public BenchSettings withScheduleTimeout(Duration d) {
        return new BenchSettings(workloads, replicas, percentage, pacings, home, timeScale, d, fallbackWindow, phaseTimeout);
    }

    public BenchSettings withTimeScale(int k) {
        return new BenchSettings(workloads, replicas, percentage, pacings, home, k, scheduleTimeout, fallbackWindow, phaseTimeout);
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
