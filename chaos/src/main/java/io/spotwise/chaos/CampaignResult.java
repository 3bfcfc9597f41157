package io.spotwise.chaos;

import io.spotwise.chaos.ActionRecords.ActionView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a campaign did and found; {@link #report()} renders it as the Markdown that docs/reliability.md quotes. */
public record CampaignResult(CampaignSettings settings, Instant started, Instant ended, FaultLog faults, Checker checker, Evidence evidence,
        List<Violation> violations) {

    static final int DETAILS_PER_GUARANTEE = 15;

    public Map<Guarantee, List<Violation>> byGuarantee() {
        return violations.stream().collect(Collectors.groupingBy(Violation::guarantee, () -> new TreeMap<>(), Collectors.toList()));
    }

    public Map<String, Long> actionsByType() {
        return checker.actions().stream().collect(Collectors.groupingBy(a -> String.valueOf(a.type()), TreeMap::new, Collectors.counting()));
    }

    public Map<String, Long> outcomesByResult() {
        return checker.terminal().values().stream().flatMap(List::stream)
                .collect(Collectors.groupingBy(o -> String.valueOf(o.result()), TreeMap::new, Collectors.counting()));
    }

    public Map<CrashWindow, Long> windowHits() {
        return faults.hits().stream().collect(Collectors.groupingBy(ApiProxy.Hit::window, TreeMap::new, Collectors.counting()));
    }

    public String report() {
        StringBuilder b = new StringBuilder();
        b.append("## Campaign seed ").append(settings.seed()).append(", ").append(settings.faults().toSeconds()).append(" s of faults\n\n");
        b.append("- commit: ").append(GitCommit.describe()).append("; started ").append(started).append(", took ")
                .append(Duration.between(started, ended).toSeconds()).append(" s; decider-1 clock skew ").append(settings.deciderClockSkew()).append('\n');
        b.append("- faults and workload changes: ").append(faults.counts()).append('\n');
        b.append("- crash windows hit: ").append(windowHits()).append('\n');
        b.append("- actions committed: ").append(checker.actions().size()).append(' ').append(actionsByType())
                .append("; action records in aborted transactions: ").append(checker.aborted().size()).append('\n');
        b.append("- terminal outcomes: ").append(outcomesByResult()).append('\n');
        b.append("- evictions answered 201: ").append(evidence.succeeded("POST", "pods").stream().filter(r -> "eviction".equals(r.subresource())).count())
                .append("; Spotwise Events: ").append(evidence.events().stream().filter(e -> e.getReason() != null && e.getReason().startsWith("Spot")).count())
                .append("; actions with a leader epoch: ").append(checker.actions().stream().filter(a -> a.epoch() != null).count()).append('\n');
        Map<Guarantee, Integer> counts = new TreeMap<>();
        byGuarantee().forEach((g, list) -> counts.put(g, list.size()));
        b.append("- violations: ").append(violations.size()).append(' ').append(counts).append("\n\n");
        for (ApiProxy.Hit h : faults.hits()) {
            b.append("  - window ").append(h.window()).append(": ").append(h.replica()).append(" killed after ").append(h.method()).append(' ')
                    .append(h.path()).append(" → ").append(h.status()).append(" at ").append(h.at()).append(consequence(h)).append('\n');
        }
        for (Map.Entry<Guarantee, List<Violation>> g : byGuarantee().entrySet()) {
            b.append("\n### ").append(g.getKey()).append(" — ").append(g.getKey().text()).append(": ").append(g.getValue().size()).append("\n\n");
            g.getValue().stream().limit(DETAILS_PER_GUARANTEE).forEach(v -> b.append("- ").append(v).append('\n'));
            if (g.getValue().size() > DETAILS_PER_GUARANTEE) {
                b.append("- … and ").append(g.getValue().size() - DETAILS_PER_GUARANTEE).append(" more\n");
            }
        }
        return b.toString();
    }

    /** For an eviction window: the evicted pod's action(s) and their final outcome. */
    private String consequence(ApiProxy.Hit h) {
        if (h.window() != CrashWindow.AFTER_EVICTION_BEFORE_EVENT) {
            return "";
        }
        String[] seg = h.path().split("/");
        String pod = seg[seg.length - 2];
        Function<ActionView, String> outcome = a -> a.id() + " → " + checker.results(a.id());
        return "; action(s) for pod " + pod + ": " + checker.actions().stream().filter(a -> pod.equals(a.podName())).map(outcome).toList();
    }
}
