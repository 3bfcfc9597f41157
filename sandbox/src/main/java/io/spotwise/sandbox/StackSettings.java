package io.spotwise.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the local stack runs: where it keeps its files, cluster size, and the compressed timings that make a fallback
 * and a recovery happen in seconds instead of minutes.
 *
 * @param brokerPort  0: a throw-away broker on free ports (tests); else a persistent one on this port (local run)
 * @param apiPort     0: any free port
 */
public record StackSettings(Path home, int brokerPort, int apiPort, int onDemandNodes, int spotNodes, int podsPerNode,
        Duration kubeletDelay, String scheduleTimeout, String fallbackDuration, String stabilizationPeriod,
        String tick, Map<String, String> extraEnv) {

    /** Timings for tests and the demo: fallback after 6 s pending, a 15 s window, 2 s stabilization, 1 s ticks. */
    public static StackSettings compressed(Path home) {
        return new StackSettings(home, 0, 0, 3, 3, 10, Duration.ofMillis(300), "6s", "15s", "2s", "1s", Map.of());
    }

    public StackSettings withBrokerPort(int port) {
        return new StackSettings(home, port, apiPort, onDemandNodes, spotNodes, podsPerNode, kubeletDelay, scheduleTimeout,
                fallbackDuration, stabilizationPeriod, tick, extraEnv);
    }

    public StackSettings withApiPort(int port) {
        return new StackSettings(home, brokerPort, port, onDemandNodes, spotNodes, podsPerNode, kubeletDelay, scheduleTimeout,
                fallbackDuration, stabilizationPeriod, tick, extraEnv);
    }

    public StackSettings withEnv(Map<String, String> env) {
        return new StackSettings(home, brokerPort, apiPort, onDemandNodes, spotNodes, podsPerNode, kubeletDelay, scheduleTimeout,
                fallbackDuration, stabilizationPeriod, tick, Map.copyOf(env));
    }
}
