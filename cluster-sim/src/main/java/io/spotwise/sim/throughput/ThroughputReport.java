package io.spotwise.sim.throughput;

import java.util.List;
import java.util.Locale;

/**
 * What one throughput run of the simulator measured.
 *
 * @param secondsToAllCreated from the first workload create to the last pod ADDED seen by the first watch
 * @param secondsToAllRunning from the first workload create until every pod was Running as seen by the watch
 * @param watchEvents         pod watch events delivered to all watches together
 * @param cpuSeconds          CPU time of the whole JVM during the run (sim, stub webhook and the watching clients)
 * @param loadAverage         the machine's 1-minute load average at the end
 * @param outagePods          pods on spot nodes when every spot node was then taken away (run once all are Running)
 * @param outageSeconds       time the spot outage took: every spot node deleted and its pods force-deleted
 */
public record ThroughputReport(int workloads, int replicas, int nodes, int watches, long pods, long webhookCalls,
        double secondsToAllCreated, double secondsToAllRunning, long watchEvents,
        double cpuSeconds, double loadAverage, boolean complete, long outagePods, double outageSeconds) {

    public double podCreatesPerSecond() {
        return secondsToAllCreated > 0 ? pods / secondsToAllCreated : 0;
    }

    public double watchEventsPerSecond() {
        return secondsToAllRunning > 0 ? watchEvents / secondsToAllRunning : 0;
    }

    public double outagePodDeletesPerSecond() {
        return outageSeconds > 0 ? outagePods / outageSeconds : 0;
    }

    /** One {@code key: value} line per figure, in a fixed order. */
    public List<String> lines() {
        return List.of(
                line("size", workloads + " workloads x " + replicas + " replicas on " + nodes + " nodes, "
                        + watches + " pod watch(es)"),
                line("complete", complete ? "yes" : "NO (timed out before every pod was Running)"),
                line("pods created", String.valueOf(pods)),
                line("webhook calls", String.valueOf(webhookCalls)),
                line("time until all created", f(secondsToAllCreated) + " s"),
                line("pod creates/s", f(podCreatesPerSecond())),
                line("time until all Running", f(secondsToAllRunning) + " s"),
                line("watch events delivered", String.valueOf(watchEvents)),
                line("watch events/s", f(watchEventsPerSecond())),
                line("JVM CPU seconds", f(cpuSeconds)),
                line("load average (1 min) at end", f(loadAverage)),
                line("spot outage", outagePods + " pods force-deleted in " + f(outageSeconds) + " s ("
                        + f(outagePodDeletesPerSecond()) + " pod deletes/s)"));
    }

    private static String line(String key, String value) {
        return key + ": " + value;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
