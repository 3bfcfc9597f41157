package io.spotwise.bench;

import io.spotwise.contract.Action;
import io.spotwise.contract.PodEviction;
import io.spotwise.sim.api.RecordedApiRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The evictions of a run, from outside the services: every successful {@code POST pods/eviction} the actuator made in
 * the API server's request log, matched by pod name to the {@code EVICT_POD} action on {@code spotwise.actions} that
 * decided it (the latest decided before the eviction).
 */
final class Evictions {

    /** Evictions of one phase: total, the fewest and most per workload, and those beyond each workload's moves. */
    record Count(int total, int perWorkloadMin, int perWorkloadMax, int wasted) {
    }

    private final List<RecordedApiRequest> evictions;
    private final Map<String, List<Instant>> decidedByPod = new HashMap<>();
    private final List<Instant> decided = new ArrayList<>();

    Evictions(List<RecordedApiRequest> requests, String namespace, List<Action> actions) {
        this.evictions = requests.stream()
                .filter(r -> r.isResourceRequest() && namespace.equals(r.namespace()) && "actuator".equals(r.service()))
                .filter(r -> "POST".equalsIgnoreCase(r.method()) && "pods".equals(r.resource()) && "eviction".equals(r.subresource()))
                .filter(r -> r.status() / 100 == 2)
                .toList();
        for (Action a : actions) {
            decided.add(a.decidedAt());
            if (a instanceof PodEviction e) {
                decidedByPod.computeIfAbsent(e.pod().name(), n -> new ArrayList<>()).add(e.decidedAt());
            }
        }
    }

    List<RecordedApiRequest> between(Instant from, Instant to) {
        return evictions.stream().filter(r -> !r.at().isBefore(from) && !r.at().isAfter(to)).toList();
    }

    /** The first action (any type) decided in the interval, or null. */
    Instant firstDecision(Instant from, Instant to) {
        return decided.stream().filter(d -> !d.isBefore(from) && !d.isAfter(to)).min(Instant::compareTo).orElse(null);
    }

    /** @param moves per workload, pods that had to move in the phase; every workload of the run is a key */
    static Count count(List<RecordedApiRequest> inPhase, Map<String, Integer> moves) {
        Map<String, Integer> perWorkload = new HashMap<>();
        moves.keySet().forEach(w -> perWorkload.put(w, 0));
        inPhase.forEach(r -> perWorkload.merge(workloadOf(r.name()), 1, Integer::sum));
        int wasted = 0;
        for (Map.Entry<String, Integer> e : perWorkload.entrySet()) {
            wasted += Math.max(0, e.getValue() - moves.getOrDefault(e.getKey(), 0));
        }
        int min = perWorkload.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        int max = perWorkload.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Count(inPhase.size(), min, max, wasted);
    }

    /** Decision → effect of each eviction whose action was found, sorted. */
    List<Duration> latencies(List<RecordedApiRequest> inPhase) {
        List<Duration> out = new ArrayList<>();
        for (RecordedApiRequest r : inPhase) {
            decidedByPod.getOrDefault(r.name(), List.of()).stream().filter(d -> !d.isAfter(r.at())).max(Instant::compareTo)
                    .ifPresent(d -> out.add(Duration.between(d, r.at())));
        }
        out.sort(Duration::compareTo);
        return out;
    }

    static Duration percentile(List<Duration> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    /** The workload of a pod of the benchmark: its name up to the first '-' (Deployments are named w0001, w0002, ...). */
    static String workloadOf(String podName) {
        int dash = podName.indexOf('-');
        return dash < 0 ? podName : podName.substring(0, dash);
    }
}
