package io.spotwise.sim.api;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The field selectors the API server supports per resource ({@code GetAttrs}/{@code ToSelectableFields} of each
 * registry): an unsupported label is a 400 "field label not supported", like a real cluster. Resources not listed
 * here accept any dotted path. Computed labels: a core Event's {@code source} is {@code source.component}, or
 * {@code reportingComponent} when that is empty; booleans missing from the object read as "false".
 */
final class FieldLabels {

    private static final Set<String> META = Set.of("metadata.name", "metadata.namespace");
    private static final Map<String, Set<String>> SUPPORTED = Map.of(
            "/events", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
                    "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
                    "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
            "/pods", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"),
            "/nodes", Set.of("spec.unschedulable"),
            "/namespaces", Set.of("status.phase"));
    private static final Map<String, Function<JsonObject, String>> COMPUTED = Map.of(
            "/events source", e -> {
                String component = ObjectSelector.field(e, "source.component");
                return component.isEmpty() ? ObjectSelector.field(e, "reportingComponent") : component;
            },
            "/pods spec.hostNetwork", p -> falseIfEmpty(ObjectSelector.field(p, "spec.hostNetwork")),
            "/pods status.podIPs", p -> ObjectSelector.field(p, "status.podIP"),
            "/nodes spec.unschedulable", n -> falseIfEmpty(ObjectSelector.field(n, "spec.unschedulable")));

    private FieldLabels() {
    }

    private static String falseIfEmpty(String v) {
        return v.isEmpty() ? "false" : v;
    }

    /** How to read {@code label} on objects of this resource; throws a 400 for a label the server rejects. */
    static Function<JsonObject, String> reader(String group, String resource, String label) {
        String key = (group == null ? "" : group) + "/" + resource;
        Set<String> supported = SUPPORTED.get(key);
        if (supported != null && !supported.contains(label) && !META.contains(label)) {
            throw new ApiException(400, "BadRequest", "field label not supported: " + label);
        }
        return COMPUTED.getOrDefault(key + " " + label, o -> ObjectSelector.field(o, label));
    }
}
