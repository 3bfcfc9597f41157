package io.spotwise.chaos;

import io.fabric8.kubernetes.api.model.Event;
import io.spotwise.chaos.ActionRecords.ActionView;
import io.spotwise.chaos.ActionRecords.OutcomeView;
import io.spotwise.sim.api.RecordedApiRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The independent checker: from the {@link Evidence} alone, every violation of the action guarantees, each naming
 * the action and the workload. (Convergence and readiness are observed live by the campaign.)
 */
final class Checker {

    static final Set<String> EVICTION_REASONS = Set.of("SpotRebalancingEviction", "SpotFallbackEviction");
    static final Set<String> EFFECT_RESULTS = Set.of("EVICTED", "PATCHED", "REPORTED");
    /** The annotation in which the actuator names the actions an Event counts (read if present, never required). */
    static final String ACTION_IDS = "spotwise.io/action-ids";

    private final Evidence e;
    private final List<ActionView> actions;
    private final Set<String> committedIds;
    private final Map<String, List<ActionView>> aborted;
    private final Map<String, List<OutcomeView>> terminal;
    private final List<Violation> violations = new ArrayList<>();

    Checker(Evidence e) {
        this.e = e;
        this.actions = ActionRecords.actions(e.actions());
        this.committedIds = actions.stream().map(ActionView::id).collect(Collectors.toSet());
        this.aborted = ActionRecords.actions(e.actionsUncommitted()).stream().filter(a -> !committedIds.contains(a.id()))
                .collect(Collectors.groupingBy(ActionView::id));
        this.terminal = ActionRecords.outcomes(e.outcomes()).stream().filter(OutcomeView::terminal)
                .collect(Collectors.groupingBy(OutcomeView::actionId));
    }

    List<ActionView> actions() {
        return actions;
    }

    Map<String, List<ActionView>> aborted() {
        return aborted;
    }

    Map<String, List<OutcomeView>> terminal() {
        return terminal;
    }

    List<Violation> check() {
        evictions();
        outcomes();
        events();
        epochs();
        violations.addAll(new BudgetCheck(e).violations());
        return violations;
    }

    private void evictions() {
        Map<String, Integer> perAction = new HashMap<>();
        for (RecordedApiRequest ev : e.succeeded("POST", "pods").stream().filter(r -> "eviction".equals(r.subresource())).toList()) {
            String uid = e.timeline().incarnationAt(ev.name(), ev.at()).map(PodTimeline.Change::uid).orElse(null);
            List<ActionView> targeting = actions.stream().filter(a -> ev.name().equals(a.podName())
                    && (a.podUid() == null || uid == null || a.podUid().equals(uid))).toList();
            String what = "pod " + e.namespace() + "/" + ev.name() + " (uid " + uid + ") evicted at " + ev.at();
            if (targeting.isEmpty()) {
                List<String> fenced = aborted.values().stream().flatMap(List::stream).filter(a -> ev.name().equals(a.podName()))
                        .map(ActionView::id).toList();
                violations.add(fenced.isEmpty()
                        ? new Violation(Guarantee.EVICTED_AT_MOST_ONCE, null, null, what + ", but no committed action targeted that incarnation")
                        : new Violation(Guarantee.FENCED_LEADER, null, fenced.get(0), what + ": only aborted (fenced) actions targeted it: " + fenced));
                continue;
            }
            ActionView a = targeting.stream().filter(t -> results(t.id()).contains("EVICTED")).findFirst().orElse(targeting.get(0));
            perAction.merge(a.id(), 1, Integer::sum);
            if (!results(a.id()).contains("EVICTED")) {
                violations.add(new Violation(Guarantee.ONE_TERMINAL_OUTCOME, a.workload(), a.id(), what + ", but its outcome says " + results(a.id())));
            }
            boolean hasEvent = e.events().stream().anyMatch(x -> EVICTION_REASONS.contains(x.getReason())
                    && ev.name().equals(x.getInvolvedObject().getName())
                    && (uid == null || x.getInvolvedObject().getUid() == null || uid.equals(x.getInvolvedObject().getUid())));
            if (!hasEvent) {
                violations.add(new Violation(Guarantee.EVENT_ONCE, a.workload(), a.id(), what + ", but no " + EVICTION_REASONS + " Event exists for it (lost)"));
            }
        }
        perAction.forEach((id, n) -> {
            if (n > 1) {
                violations.add(new Violation(Guarantee.EVICTED_AT_MOST_ONCE, workload(id), id, "one action evicted " + n + " pods or incarnations"));
            }
        });
    }

    private void outcomes() {
        // WRITE_STATUS (kubectl status annotations) is written without an Event on purpose: the annotation is what it shows
        Set<String> statusWrites = new HashSet<>();
        actions.stream().filter(a -> "WRITE_STATUS".equals(String.valueOf(a.type()))).forEach(a -> statusWrites.add(a.id()));
        for (ActionView a : actions) {
            List<OutcomeView> t = terminal.getOrDefault(a.id(), List.of());
            if (t.isEmpty()) {
                violations.add(new Violation(Guarantee.ONE_TERMINAL_OUTCOME, a.workload(), a.id(), a.type() + " has no terminal outcome"));
            } else if (t.size() > 1) {
                violations.add(new Violation(Guarantee.ONE_TERMINAL_OUTCOME, a.workload(), a.id(), a.type() + " has " + t.size()
                        + " terminal outcomes: " + t.stream().map(o -> o.result() + "@" + o.partition() + "/" + o.offset()).toList()));
            }
        }
        terminal.forEach((id, list) -> {
            if (!committedIds.contains(id)) {
                violations.add(aborted.containsKey(id)
                        ? new Violation(Guarantee.FENCED_LEADER, list.get(0).workload(), id, "outcome " + results(id) + " for an aborted (fenced) action")
                        : new Violation(Guarantee.ONE_TERMINAL_OUTCOME, list.get(0).workload(), id, "outcome " + results(id) + " for an action not in spotwise.actions"));
            }
            for (OutcomeView o : list) {
                if (EFFECT_RESULTS.contains(o.result()) && o.event() == null && !statusWrites.contains(id)) {
                    violations.add(new Violation(Guarantee.EVENT_ONCE, o.workload(), id, o.result() + " without an Event"));
                }
            }
        });
    }

    private void events() {
        Map<String, Integer> patches = new HashMap<>();
        for (String m : List.of("PATCH", "PUT")) {
            e.succeeded(m, "events").forEach(r -> patches.merge(r.name(), 1, Integer::sum));
        }
        for (Event ev : e.events()) {
            if (ev.getReason() == null || !ev.getReason().startsWith("Spot")) {
                continue;
            }
            int writes = 1 + patches.getOrDefault(ev.getMetadata().getName(), 0);
            Set<String> claims = new HashSet<>();
            terminal.forEach((id, list) -> list.stream().filter(o -> claims(o, ev)).findAny().ifPresent(o -> claims.add(id)));
            if (writes > claims.size()) {
                String object = ev.getInvolvedObject().getKind() + "(" + ev.getInvolvedObject().getNamespace() + "/" + ev.getInvolvedObject().getName() + ")";
                Map<String, String> annotations = ev.getMetadata().getAnnotations() == null ? Map.of() : ev.getMetadata().getAnnotations();
                String named = annotations.getOrDefault(ACTION_IDS, "");
                List<String> reported = named.isBlank() ? List.of() : List.of(named.split(",")).stream()
                        .map(id -> id + " → " + terminal.getOrDefault(id, List.of()).stream()
                                .map(o -> o.result() + (o.event() == null ? " (no Event)" : " reporting " + o.event().getString("reason") + " '"
                                        + o.event().getString("message") + "'"))
                                .toList())
                        .toList();
                violations.add(new Violation(Guarantee.EVENT_ONCE, object, claims.isEmpty() ? (named.isBlank() ? null : named) : String.join(",", claims),
                        "Event " + ev.getMetadata().getName() + " (" + ev.getReason() + " '" + ev.getMessage() + "', count " + ev.getCount() + ") written "
                                + writes + " times for " + claims.size() + " action(s) whose outcome reports it; the Event names actions " + reported));
            }
        }
    }

    private static boolean claims(OutcomeView o, Event ev) {
        if (o.event() == null) {
            return false;
        }
        if (o.event().getString("name") != null) {
            return o.event().getString("name").equals(ev.getMetadata().getName());
        }
        var obj = o.event().getJsonObject("involvedObject");
        return Objects.equals(o.event().getString("reason"), ev.getReason()) && obj != null
                && Objects.equals(obj.getString("name"), ev.getInvolvedObject().getName())
                && Objects.equals(obj.getString("kind"), ev.getInvolvedObject().getKind())
                && (o.event().getString("message") == null || o.event().getString("message").equals(ev.getMessage()));
    }

    private void epochs() {
        Map<Integer, Long> highest = new HashMap<>();
        actions.stream().filter(a -> a.epoch() != null)
                .sorted((x, y) -> x.partition() != y.partition() ? Integer.compare(x.partition(), y.partition()) : Long.compare(x.offset(), y.offset()))
                .forEach(a -> {
                    Long max = highest.get(a.partition());
                    if (max != null && a.epoch() < max) {
                        violations.add(new Violation(Guarantee.FENCED_LEADER, a.workload(), a.id(), a.type() + " of leader epoch " + a.epoch()
                                + " committed at " + a.partition() + "/" + a.offset() + " after epoch " + max + " had written there"));
                    }
                    highest.merge(a.partition(), a.epoch(), Math::max);
                });
    }

    List<String> results(String id) {
        return terminal.getOrDefault(id, List.of()).stream().map(OutcomeView::result).toList();
    }

    private String workload(String id) {
        return actions.stream().filter(a -> a.id().equals(id)).map(ActionView::workload).findFirst().orElse(null);
    }
}
