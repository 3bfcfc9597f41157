package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.spotwise.sim.api.DisruptionBudget;
import io.spotwise.sim.api.LabelSelectors;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * Keeps every PodDisruptionBudget's {@code status} (currentHealthy, desiredHealthy, disruptionsAllowed, expectedPods,
 * observedGeneration, the DisruptionAllowed condition) as the disruption controller does, with the same computation
 * the eviction subresource uses.
 */
final class DisruptionController {

    private final KubernetesClient client;

    DisruptionController(KubernetesClient client) {
        this.client = client;
    }

    /** Recomputes the budgets that changed and those of namespaces where pods or their controllers changed. */
    void reconcile(ClusterState state, Dirty dirty) {
        for (PodDisruptionBudget pdb : List.copyOf(state.budgets.values())) {
            if (dirty.budgets.contains(pdb.getMetadata().getUid())
                    || dirty.budgetNamespaces.contains(pdb.getMetadata().getNamespace())) {
                reconcile(state, pdb);
            }
        }
    }

    private void reconcile(ClusterState state, PodDisruptionBudget pdb) {
        JsonObject budget = json(pdb);
        String ns = pdb.getMetadata().getNamespace();
        JsonObject selector = budget.getJsonObject("spec").getJsonObject("selector");
        List<JsonObject> pods = state.podsInNamespace(ns).stream()
                .filter(p -> LabelSelectors.matches(selector, new JsonObject(p.getMetadata().getLabels() == null
                        ? new HashMap<>() : new HashMap<String, Object>(p.getMetadata().getLabels()))))
                .map(DisruptionController::json)
                .toList();
        DisruptionBudget verdict = DisruptionBudget.of(budget, pods, p -> scaleOf(state, p));
        JsonObject old = budget.getJsonObject("status", new JsonObject());
        String since = Optional.ofNullable(old.getJsonArray("conditions")).filter(c -> !c.isEmpty())
                .map(c -> c.getJsonObject(0).getString("lastTransitionTime"))
                .orElse(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        JsonObject status = verdict.status(budget, verdict.disruptionsAllowed(), since);
        if (!status.getInteger("disruptionsAllowed").equals(old.getInteger("disruptionsAllowed"))
                || !status.getJsonArray("conditions").getJsonObject(0).getString("status").equals(conditionOf(old))) {
            status.getJsonArray("conditions").getJsonObject(0)
                    .put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        if (!sameCounts(status, old)) {
            budget.put("status", status);
            try {
                client.policy().v1().podDisruptionBudget().inNamespace(ns)
                        .resource(Serialization.unmarshal(budget.encode(), PodDisruptionBudget.class)).updateStatus();
            } catch (KubernetesClientException conflict) {
                // the budget changed meanwhile (e.g. an eviction wrote its status): the next pass recomputes
            }
        }
    }

    private static String conditionOf(JsonObject status) {
        return Optional.ofNullable(status.getJsonArray("conditions")).filter(c -> !c.isEmpty())
                .map(c -> c.getJsonObject(0).getString("status")).orElse("");
    }

    private static boolean sameCounts(JsonObject a, JsonObject b) {
        for (String k : List.of("observedGeneration", "disruptionsAllowed", "currentHealthy", "desiredHealthy",
                "expectedPods")) {
            if (!String.valueOf(a.getValue(k)).equals(String.valueOf(b.getValue(k)))) {
                return false;
            }
        }
        return conditionOf(a).equals(conditionOf(b));
    }

    /** The scale of a pod's controller; a ReplicaSet owned by a Deployment counts with the Deployment's scale. */
    private static Optional<DisruptionBudget.ControllerScale> scaleOf(ClusterState state, JsonObject pod) {
        Optional<String> owner = Optional.ofNullable(pod.getJsonObject("metadata").getJsonArray("ownerReferences"))
                .flatMap(refs -> refs.stream().map(JsonObject.class::cast)
                        .filter(r -> r.getBoolean("controller", false)).findFirst())
                .map(r -> r.getString("uid"));
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        String uid = owner.get();
        Optional<ReplicaSet> rs = Optional.ofNullable(state.replicaSets.get(uid));
        if (rs.isPresent()) {
            return Optional.of(ClusterState.controllerOf(rs.get())
                    .flatMap(d -> Optional.ofNullable(state.deployments.get(d.getUid())))
                    .map(d -> new DisruptionBudget.ControllerScale(d.getMetadata().getUid(),
                            d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas()))
                    .orElse(new DisruptionBudget.ControllerScale(uid, DeploymentController.replicas(rs.get()))));
        }
        return Optional.ofNullable(state.statefulSets.get(uid))
                .map(s -> new DisruptionBudget.ControllerScale(uid,
                        s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas()));
    }

    private static JsonObject json(Object o) {
        return new JsonObject(Serialization.asJson(o));
    }
}
