package io.spotwise.bench;

import io.spotwise.bench.BenchRun.RunResult;
import io.spotwise.bench.PhaseResult.Phase;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The markdown report of a benchmark run: one table per configuration, then the ratio of each phase's wall time. */
final class BenchReport {

    private BenchReport() {
    }

    static String render(BenchSettings s, List<RunResult> runs) {
        StringBuilder md = new StringBuilder();
        Map<String, String> t = Pacing.timings(s);
        md.append(String.format(Locale.ROOT, "# Whole pipeline: %d workloads × %d replicas (%d %% spot, %d pods)%n%n",
                s.workloads(), s.replicas(), s.percentage(), s.totalPods()));
        md.append(String.format(Locale.ROOT, "Same timings for every configuration (time scale %d): tick %s, schedule timeout %s, "
                + "stabilization %s, fallback window %s. Phase timeout %d s. %d CPUs.%n%n", s.timeScale(), t.get("tick"),
                t.get("scheduleTimeout"), t.get("stabilization"), t.get("fallbackWindow"), s.phaseTimeout().toSeconds(),
                Runtime.getRuntime().availableProcessors()));
        for (RunResult run : runs) {
            md.append("## ").append(run.pacing().id()).append("\n\n").append(describe(run.pacing(), s)).append(String.format(Locale.ROOT,
                    " Nodes: %d on-demand + %d spot, %d pods each.%n%n", run.onDemandNodes(), run.spotNodes(), BenchRun.PODS_PER_NODE));
            md.append("| phase | wall time to target | first decision → target | at target | pods to move | evictions | per workload | wasted "
                    + "| decision → effect p50 / p99 (n) | peak Pending | CPU s ").append(String.join(" / ", CpuMeter.ROLES))
                    .append(" | load avg |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (PhaseResult p : run.phases()) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d/%d | %d | %d | %d–%d | %d | %s | %d | %s | %.1f |%n", p.phase().id,
                        wall(p), seconds(p.sinceFirstDecision()), p.atTarget(), s.workloads(), p.moves(), p.evictions().total(), p.evictions().perWorkloadMin(),
                        p.evictions().perWorkloadMax(), p.evictions().wasted(), latency(p), p.peakPending(), cpu(p.cpuSeconds()),
                        p.loadAverage()));
            }
            md.append('\n');
        }
        if (runs.size() > 1) {
            md.append(ratios(runs));
        }
        return md.toString();
    }

    private static String ratios(List<RunResult> runs) {
        RunResult base = runs.get(0);
        StringBuilder md = new StringBuilder("## Ratio (wall time to target: other / " + base.pacing().id() + ")\n\n| phase |");
        runs.forEach(r -> md.append(' ').append(r.pacing().id()).append(" |"));
        md.append(" ratio |\n|---|").append("---|".repeat(runs.size() + 1)).append('\n');
        for (Phase phase : Phase.values()) {
            md.append(row(phase.id, runs, r -> r.byPhase().get(phase).comparable()));
            if (phase == Phase.RECOVERY) {
                md.append(row("recovery after the fallback windows ended", runs, r -> afterWindow(r.byPhase().get(phase))));
            }
        }
        return md.append('\n').toString();
    }

    private static String row(String name, List<RunResult> runs, Function<RunResult, Duration> time) {
        StringBuilder md = new StringBuilder("| " + name + " |");
        runs.forEach(r -> md.append(' ').append(seconds(time.apply(r))).append(" |"));
        Duration a = time.apply(runs.get(0));
        Duration b = time.apply(runs.get(runs.size() - 1));
        md.append(a == null || b == null || a.isZero() ? " – |" : String.format(Locale.ROOT, " %.1f× |", b.toMillis() / (double) a.toMillis()));
        return md.append('\n').toString();
    }

    static Duration afterWindow(PhaseResult p) {
        Duration d = p.comparable();
        return d == null || p.windowWait() == null ? d : d.minus(p.windowWait()).isNegative() ? Duration.ZERO : d.minus(p.windowWait());
    }

    private static String wall(PhaseResult p) {
        if (p.reached()) {
            return seconds(p.wall()) + (p.windowWait() == null ? "" : " (window " + seconds(p.windowWait()) + ")");
        }
        return "NOT reached, cut at " + seconds(p.wall()) + (p.projected() == null ? "" : "; projected " + seconds(p.projected()));
    }

    private static String latency(PhaseResult p) {
        return p.latencySamples() == 0 ? "– (0)" : seconds(p.latencyP50()) + " / " + seconds(p.latencyP99()) + " (" + p.latencySamples() + ")";
    }

    private static String cpu(Map<String, Double> cpu) {
        return cpu.values().stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).collect(Collectors.joining(" / "));
    }

    static String seconds(Duration d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1000.0);
    }

    static String describe(Pacing p, BenchSettings s) {
        return switch (p) {
            case SPOTWISE -> String.format(Locale.ROOT, "Spotwise's defaults, compressed: rebalancing budget %.1f/s burst 10 (decider), "
                    + "%.1f/s burst 5, 4 at once (actuator); fallback evictions on their own budget (%.0f/s, burst 200, 16 at once).",
                    s.scaledRate(1.0), s.scaledRate(1.0), Math.min(10_000, s.scaledRate(100.0)));
            case REFERENCE -> String.format(Locale.ROOT, "The reference's pacing, compressed: one rebalancing eviction per tick cluster-wide "
                    + "(%.1f/s burst 1 in decider and actuator, one at a time); no fallback budget (one fallback eviction at a time, "
                    + "unthrottled).", s.scaledRate(0.1));
        };
    }
}
