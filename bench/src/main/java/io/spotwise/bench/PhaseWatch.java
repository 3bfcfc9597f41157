package io.spotwise.bench;

import io.spotwise.bench.PhaseResult.Phase;
import io.spotwise.sim.api.RecordedApiRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one phase: notes where every workload stands, triggers the phase (creation, outage, restore) and waits until
 * every workload is at its target ({@code targetSpot} spot pods, the rest on-demand, none Pending) or the phase timeout.
 * The timeout counts from the instant the trigger answers, if later than the phase's start: for the recovery, the end of
 * the last fallback window, so that a long window does not eat the time the rebalancing has to finish.
 */
final class PhaseWatch {

    private static final Logger LOG = LoggerFactory.getLogger(PhaseWatch.class);

    private final PodCensus census;
    private final List<String> workloads;
    private final BenchSettings s;

    PhaseWatch(PodCensus census, List<String> workloads, BenchSettings s) {
        this.census = census;
        this.workloads = workloads;
        this.s = s;
    }

    /** A phase as it ran; evictions and latencies are attributed once the whole run's evidence is read. */
    record Span(Phase phase, Instant start, Instant end, boolean reached, int atTarget, Map<String, Integer> moves,
            int movesLeft, int peakPending, Map<String, Double> cpu, double load) {

        PhaseResult result(Evictions evictions, Instant windowEnd, double rebalanceRate) {
            List<RecordedApiRequest> in = evictions.between(start, end);
            List<Duration> latencies = evictions.latencies(in);
            Duration windowWait = windowEnd == null || windowEnd.isBefore(start) ? null : Duration.between(start, windowEnd);
            Duration projected = null;
            if (!reached && movesLeft > 0) {
                Instant from = windowEnd != null && windowEnd.isAfter(start) ? windowEnd : start;
                double seconds = Duration.between(from, end).toMillis() / 1000.0;
                double rate = in.isEmpty() || seconds <= 0 ? rebalanceRate : Math.min(rebalanceRate, in.size() / seconds);
                projected = Duration.between(start, end).plusMillis((long) (movesLeft / rate * 1000));
            }
            Instant first = evictions.firstDecision(start, end);
            int total = moves.values().stream().mapToInt(Integer::intValue).sum();
            return new PhaseResult(phase, reached, Duration.between(start, end), atTarget, total, Evictions.count(in, moves),
                    Evictions.percentile(latencies, 50), Evictions.percentile(latencies, 99), latencies.size(), peakPending, cpu,
                    load, windowWait, projected, first == null ? null : Duration.between(first, end));
        }
    }

    /** Starts a phase; answers the instant from which the phase timeout counts, or null for the phase's start. */
    @FunctionalInterface
    interface Trigger {
        Instant start();
    }

    Span run(Phase phase, int targetSpot, Trigger trigger) {
        Map<String, PodCensus.Split> before = census.splits();
        Map<String, Integer> moves = new HashMap<>();
        for (String w : workloads) {
            int spotBefore = phase == Phase.CONVERGE ? targetSpot : before.getOrDefault(w, new PodCensus.Split(0, 0, 0)).spot();
            moves.put(w, Math.abs(spotBefore - targetSpot));
        }
        Map<String, Duration> cpu0 = CpuMeter.snapshot();
        census.resetPeak();
        Instant start = Instant.now();
        LOG.info("Phase {} ({}): started", phase.id, phase.meaning);
        Instant timeoutFrom = trigger.start();
        Duration timeout = timeoutFrom == null || !timeoutFrom.isAfter(start)
                ? s.phaseTimeout() : s.phaseTimeout().plus(Duration.between(start, timeoutFrom));
        if (!timeout.equals(s.phaseTimeout())) {
            LOG.info("Phase {}: the timeout of {} min counts from {} ({} s after the phase's start)", phase.id,
                    s.phaseTimeout().toMinutes(), timeoutFrom, Duration.between(start, timeoutFrom).toSeconds());
        }
        long[] lastLog = {System.nanoTime()};
        boolean reached;
        try {
            Awaitility.await(phase.id).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        int at = atTarget(targetSpot);
                        if (System.nanoTime() - lastLog[0] > 10_000_000_000L) {
                            lastLog[0] = System.nanoTime();
                            LOG.info("Phase {}: {}/{} workloads at target after {} s", phase.id, at, workloads.size(),
                                    Duration.between(start, Instant.now()).toSeconds());
                        }
                        return at == workloads.size();
                    });
            reached = true;
        } catch (ConditionTimeoutException e) {
            reached = false;
        }
        Instant end = Instant.now();
        int at = atTarget(targetSpot);
        int left = 0;
        for (Map.Entry<String, PodCensus.Split> e : census.splits().entrySet()) {
            left += Math.abs(targetSpot - e.getValue().spot());
        }
        LOG.info("Phase {}: {} after {} s ({}/{} workloads at target)", phase.id, reached ? "reached" : "NOT reached",
                Duration.between(start, end).toSeconds(), at, workloads.size());
        return new Span(phase, start, end, reached, at, moves, left, census.peakPending(), CpuMeter.since(cpu0, CpuMeter.snapshot()),
                CpuMeter.loadAverage());
    }

    private int atTarget(int targetSpot) {
        Map<String, PodCensus.Split> now = census.splits();
        int at = 0;
        for (String w : workloads) {
            PodCensus.Split split = now.get(w);
            if (split != null && split.spot() == targetSpot && split.onDemand() == s.replicas() - targetSpot && split.pending() == 0) {
                at++;
            }
        }
        return at;
    }
}
