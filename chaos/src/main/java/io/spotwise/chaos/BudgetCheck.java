package io.spotwise.chaos;

import io.spotwise.sim.api.RecordedApiRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * PodDisruptionBudgets, checked from outside the API server: no Spotwise service deletes a pod directly, and at every
 * eviction it made, the budget of the pod's workload (maxUnavailable 1) still had a disruption to give. Pod states come
 * from a watch, so they are judged leniently: a pod counts as healthy if it was Ready at the eviction or within
 * {@link #SLACK_MILLIS} after, and pods gone by then are not counted at all (no false alarm from watch delay). As in
 * Kubernetes' Eviction API ({@code canIgnorePDB}), evicting a Pending pod takes nothing from the budget: no healthy pod
 * goes, so such an eviction is always allowed. A Running pod that is not Ready is judged by the budget's
 * {@code IfHealthyBudget} rule: allowed only while the budget is met.
 */
final class BudgetCheck {

    static final long SLACK_MILLIS = 500;

    private final Evidence e;

    BudgetCheck(Evidence e) {
        this.e = e;
    }

    List<Violation> violations() {
        List<Violation> found = new ArrayList<>();
        for (RecordedApiRequest r : e.succeeded("DELETE", "pods")) {
            found.add(new Violation(Guarantee.PDB_RESPECTED, null, null, r.service() + " deleted pod " + r.namespace() + "/" + r.name()
                    + " directly at " + r.at() + " (bypasses PodDisruptionBudgets)"));
        }
        for (RecordedApiRequest ev : e.succeeded("POST", "pods").stream().filter(r -> "eviction".equals(r.subresource())).toList()) {
            Optional<PodTimeline.Change> pod = e.timeline().incarnationAt(ev.name(), ev.at());
            if (pod.isEmpty() || pod.get().pending()) {
                continue;
            }
            String app = pod.get().labels().get("app");
            if (app == null || !covered(app, ev.at())) {
                continue;
            }
            Instant later = ev.at().plusMillis(SLACK_MILLIS);
            Set<String> goneLater = e.timeline().changes().stream().filter(c -> c.gone() && !c.at().isAfter(later) && !c.uid().equals(pod.get().uid()))
                    .map(PodTimeline.Change::uid).collect(Collectors.toSet());
            Map<String, Boolean> readyLater = e.timeline().stateAt(later).stream()
                    .collect(Collectors.toMap(PodTimeline.Change::uid, PodTimeline.Change::ready, (a, b) -> b));
            List<PodTimeline.Change> covered = e.timeline().stateAt(ev.at()).stream()
                    .filter(c -> app.equals(c.labels().get("app")) && !goneLater.contains(c.uid())).toList();
            long healthy = covered.stream().filter(c -> c.ready() || readyLater.getOrDefault(c.uid(), false)).count();
            int expected = covered.size();
            long desired = Math.max(0, expected - 1);
            boolean podHealthy = covered.stream().anyMatch(c -> c.uid().equals(pod.get().uid()) && c.ready());
            boolean allowed = podHealthy ? healthy - 1 >= desired : healthy >= desired;
            if (!allowed) {
                found.add(new Violation(Guarantee.PDB_RESPECTED, "Deployment-or-StatefulSet(" + e.namespace() + "/" + app + ")", null,
                        "pod " + ev.name() + " evicted at " + ev.at() + " with " + healthy + " of " + expected
                                + " pods healthy while its budget (maxUnavailable 1) needs " + desired));
            }
        }
        return found;
    }

    private boolean covered(String app, Instant at) {
        return e.budgets().stream().anyMatch(b -> b.workload().equals(app) && !b.from().isAfter(at) && (b.to() == null || b.to().isAfter(at)));
    }
}
