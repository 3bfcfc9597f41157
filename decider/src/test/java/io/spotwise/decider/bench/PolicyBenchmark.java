package io.spotwise.decider.bench;

import io.spotwise.decider.policy.ControlLoop;
import io.spotwise.decider.policy.config.PolicySettings;
import io.spotwise.decider.policy.placement.AdmissionRequest;
import io.spotwise.decider.policy.placement.Placement;
import io.spotwise.decider.policy.placement.PlacementPolicy;
import io.spotwise.decider.policy.state.SpotState;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Policy decisions per second on a cluster of 10k workloads / 150k pods. Single-threaded like the decider's state
 * context. {@code place} records the in-flight admission (the state is rebuilt each iteration so counts stay sane);
 * {@code tick} is one whole leader tick over the cluster (fallback + rebalancing scans).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class PolicyBenchmark {

    private static final int WORKLOADS = 10_000;
    private static final int PODS_PER_WORKLOAD = 15;

    private SpotState state;
    private final PlacementPolicy placement = new PlacementPolicy();
    private final ControlLoop loop = new ControlLoop(() -> "id");
    private AdmissionRequest[] requests;
    private int next;
    private Instant now;

    @Setup(Level.Iteration)
    public void setUp() {
        state = new SpotState(PolicySettings.DEFAULTS);
        ClusterFixture.fill(state, WORKLOADS, PODS_PER_WORKLOAD);
        now = Instant.parse("2026-01-01T01:00:00Z");
        state.markRebuilt(now.minusSeconds(3600));
        requests = new AdmissionRequest[WORKLOADS];
        for (int i = 0; i < WORKLOADS; i++) {
            requests[i] = ClusterFixture.admission(i);
        }
    }

    @Benchmark
    public Placement place() {
        next = (next + 1) % WORKLOADS;
        return placement.place(state, requests[next], now);
    }

    @Benchmark
    public Placement preview() {
        next = (next + 1) % WORKLOADS;
        return placement.preview(state, requests[next], now);
    }

    @Benchmark
    public int tick() {
        return loop.tick(state, now).size();
    }
}
