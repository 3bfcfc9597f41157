package io.spotwise.chaos;

import io.fabric8.kubernetes.api.model.Event;
import io.spotwise.sim.api.RecordedApiRequest;
import java.util.List;
import java.util.Set;

/**
 * Everything the checker reads at the end of a campaign, gathered from outside the services: the simulated API
 * server's request log, the two topics (committed and, to see fenced writes, uncommitted), the Events, the pod
 * timeline and the PodDisruptionBudgets the generator created.
 */
record Evidence(String namespace, List<RecordedApiRequest> requests, List<TopicReader.Rec> actions, List<TopicReader.Rec> actionsUncommitted,
        List<TopicReader.Rec> outcomes, List<Event> events, PodTimeline timeline, List<Workloads.BudgetInterval> budgets) {

    static final Set<String> SERVICES = Set.of("watcher", "decider", "actuator");

    /** Resource requests a Spotwise service made in the campaign's namespace that the API server answered with 2xx. */
    List<RecordedApiRequest> succeeded(String method, String resource) {
        return requests.stream()
                .filter(r -> SERVICES.contains(r.service()) && r.isResourceRequest() && namespace.equals(r.namespace()))
                .filter(r -> r.status() / 100 == 2 && r.method().equalsIgnoreCase(method) && resource.equals(r.resource()))
                .toList();
    }
}
