package io.spotwise.sim.api;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The resource types the simulated API server serves, for discovery documents and typed list kinds. */
public final class ApiResources {

    /** One served resource; {@code subresources} are names like "status", "eviction", "scale". */
    public record Resource(String group, String version, String plural, String kind, boolean namespaced,
            List<String> shortNames, List<String> subresources) {

        public String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    public static final List<Resource> ALL = List.of(
            new Resource("", "v1", "pods", "Pod", true, List.of("po"), List.of("status", "eviction", "binding")),
            new Resource("", "v1", "nodes", "Node", false, List.of("no"), List.of("status")),
            new Resource("", "v1", "events", "Event", true, List.of("ev"), List.of()),
            new Resource("", "v1", "namespaces", "Namespace", false, List.of("ns"), List.of("status")),
            new Resource("", "v1", "services", "Service", true, List.of("svc"), List.of("status")),
            new Resource("", "v1", "configmaps", "ConfigMap", true, List.of("cm"), List.of()),
            new Resource("", "v1", "secrets", "Secret", true, List.of(), List.of()),
            new Resource("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of()),
            new Resource("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), List.of("status", "scale")),
            new Resource("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), List.of("status", "scale")),
            new Resource("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), List.of("status", "scale")),
            new Resource("apps", "v1", "controllerrevisions", "ControllerRevision", true, List.of(), List.of()),
            new Resource("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"),
                    List.of("status")),
            new Resource("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), List.of()),
            new Resource("coordination.k8s.io", "v1", "leases", "Lease", true, List.of(), List.of()),
            new Resource("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations",
                    "MutatingWebhookConfiguration", false, List.of(), List.of()),
            new Resource("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations",
                    "ValidatingWebhookConfiguration", false, List.of(), List.of()));

    private ApiResources() {
    }

    public static Optional<Resource> find(String group, String version, String plural) {
        return ALL.stream().filter(r -> r.group().equals(group) && r.version().equals(version)
                && r.plural().equals(plural)).findFirst();
    }

    /** The plural of a kind in an API group ("" for core), or the API server's default lower-case plural. */
    public static String plural(String group, String kind) {
        return ALL.stream().filter(r -> r.group().equals(group) && r.kind().equals(kind)).map(Resource::plural)
                .findFirst().orElse(kind.toLowerCase(Locale.ROOT) + "s");
    }

    public static List<Resource> inGroupVersion(String group, String version) {
        return ALL.stream().filter(r -> r.group().equals(group) && r.version().equals(version)).toList();
    }

    public static List<String> groups() {
        return ALL.stream().map(Resource::group).filter(g -> !g.isEmpty()).distinct().toList();
    }
}
