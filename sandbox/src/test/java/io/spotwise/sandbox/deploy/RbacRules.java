package io.spotwise.sandbox.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RBAC rules bound to each ServiceAccount in a set of manifests (e.g. the kustomize output of k8s/base), and the
 * Kubernetes authorizer's answer for a request. Pure: no cluster. The end-to-end tests feed it the requests the
 * simulated API server recorded, to show each service is allowed all it does ({@link #denied}) and granted nothing
 * beyond it ({@link #unusedGrants}).
 *
 * <p>A ServiceAccount is named {@code namespace/name}; a bare name means the {@code spotwise} namespace.
 */
public final class RbacRules {

    /**
     * One verb on one resource (or non-resource URL) that a role grants, and where: {@code namespace} empty means
     * everywhere (a ClusterRole bound by a ClusterRoleBinding). {@code resource} may carry a subresource
     * ({@code pods/eviction}); {@code resourceName} empty means any object.
     */
    public record Grant(String role, String namespace, String verb, String apiGroup, String resource, String resourceName,
            String nonResourceUrl) {

        boolean matches(ApiRequest request) {
            if (!wild(verb, request.verb())) {
                return false;
            }
            if (!request.isResourceRequest()) {
                return !nonResourceUrl.isEmpty() && namespace.isEmpty() && (nonResourceUrl.equals(request.nonResourcePath())
                        || nonResourceUrl.endsWith("*")
                                && request.nonResourcePath().startsWith(nonResourceUrl.substring(0, nonResourceUrl.length() - 1)));
            }
            return nonResourceUrl.isEmpty()
                    && wild(apiGroup, request.apiGroup())
                    && resourceMatches(request)
                    && (resourceName.isEmpty() || resourceName.equals(request.name()))
                    && (namespace.isEmpty() || namespace.equals(request.namespace()));
        }

        private boolean resourceMatches(ApiRequest request) {
            String sub = request.subresource();
            String full = sub.isEmpty() ? request.resource() : request.resource() + "/" + sub;
            return resource.equals("*") || resource.equals(full)
                    || !sub.isEmpty() && (resource.equals("*/" + sub) || resource.equals(request.resource() + "/*"));
        }

        private static boolean wild(String granted, String asked) {
            return granted.equals("*") || granted.equals(asked);
        }

        @Override
        public String toString() {
            String what = nonResourceUrl.isEmpty()
                    ? (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource + (resourceName.isEmpty() ? "" : " " + resourceName)
                    : nonResourceUrl;
            return role + ": " + verb + " " + what + (namespace.isEmpty() ? " (cluster-wide)" : " in " + namespace);
        }
    }

    /** What every authenticated client may do without any binding of ours (system:discovery, system:basic-user...). */
    private static final List<Grant> DEFAULT_GRANTS = List.of(
            new Grant("system:discovery", "", "get", "", "", "", "/api"),
            new Grant("system:discovery", "", "get", "", "", "", "/api/*"),
            new Grant("system:discovery", "", "get", "", "", "", "/apis"),
            new Grant("system:discovery", "", "get", "", "", "", "/apis/*"),
            new Grant("system:discovery", "", "get", "", "", "", "/openapi/*"),
            new Grant("system:public-info-viewer", "", "get", "", "", "", "/version"),
            new Grant("system:public-info-viewer", "", "get", "", "", "", "/healthz"),
            new Grant("system:public-info-viewer", "", "get", "", "", "", "/livez"),
            new Grant("system:public-info-viewer", "", "get", "", "", "", "/readyz"),
            new Grant("system:basic-user", "", "create", "authorization.k8s.io", "selfsubjectaccessreviews", "", ""),
            new Grant("system:basic-user", "", "create", "authorization.k8s.io", "selfsubjectrulesreviews", "", ""),
            new Grant("system:basic-user", "", "create", "authentication.k8s.io", "selfsubjectreviews", "", ""));

    private static final Pattern USER_AGENT = Pattern.compile("^spotwise-([a-z0-9-]+)/\\S+");

    private final Map<String, List<Grant>> grantsByServiceAccount;
    private final List<Grant> allGrants;

    private RbacRules(Map<String, List<Grant>> grantsByServiceAccount, List<Grant> allGrants) {
        this.grantsByServiceAccount = grantsByServiceAccount;
        this.allGrants = allGrants;
    }

    /** From multi-document YAML, e.g. the output of {@code kubectl kustomize k8s/base}. */
    public static RbacRules fromYaml(String yaml) {
        return from(Manifests.parse(yaml, "RBAC manifests"));
    }

    public static RbacRules from(Collection<? extends HasMetadata> objects) {
        Map<String, Role> roles = new LinkedHashMap<>();
        Map<String, ClusterRole> clusterRoles = new LinkedHashMap<>();
        List<Grant> all = new ArrayList<>();
        for (HasMetadata o : objects) {
            if (o instanceof Role role) {
                roles.put(role.getMetadata().getNamespace() + "/" + role.getMetadata().getName(), role);
                all.addAll(expand("Role/" + role.getMetadata().getName(), role.getMetadata().getNamespace(), role.getRules()));
            } else if (o instanceof ClusterRole role) {
                clusterRoles.put(role.getMetadata().getName(), role);
                all.addAll(expand("ClusterRole/" + role.getMetadata().getName(), "", role.getRules()));
            }
        }
        Map<String, List<Grant>> bySa = new LinkedHashMap<>();
        for (HasMetadata o : objects) {
            if (o instanceof RoleBinding binding) {
                String ns = binding.getMetadata().getNamespace();
                List<Grant> grants = rulesOf(binding.getRoleRef(), ns, roles, clusterRoles);
                serviceAccounts(binding.getSubjects(), ns).forEach(sa -> bySa.computeIfAbsent(sa, k -> new ArrayList<>()).addAll(grants));
            } else if (o instanceof ClusterRoleBinding binding) {
                List<Grant> grants = rulesOf(binding.getRoleRef(), "", roles, clusterRoles);
                serviceAccounts(binding.getSubjects(), "").forEach(sa -> bySa.computeIfAbsent(sa, k -> new ArrayList<>()).addAll(grants));
            }
        }
        bySa.replaceAll((k, v) -> List.copyOf(v));
        return new RbacRules(Map.copyOf(bySa), List.copyOf(all));
    }

    /** Whether the ServiceAccount may make this request (object name unknown or irrelevant: collection requests). */
    public boolean allows(String serviceAccount, String verb, String apiGroup, String resource, String subresource, String namespace) {
        return allows(serviceAccount, ApiRequest.resource(verb, apiGroup, resource, subresource, namespace, ""));
    }

    public boolean allows(String serviceAccount, ApiRequest request) {
        return DEFAULT_GRANTS.stream().anyMatch(g -> g.matches(request))
                || grants(serviceAccount).stream().anyMatch(g -> g.matches(request));
    }

    /** The requests the ServiceAccount may not make (empty: RBAC allows everything the service did). */
    public List<ApiRequest> denied(String serviceAccount, Collection<ApiRequest> requests) {
        return requests.stream().filter(r -> !allows(serviceAccount, r)).distinct().toList();
    }

    /** The grants bound to the ServiceAccount that none of the requests used (empty: it holds nothing beyond its needs). */
    public List<Grant> unusedGrants(String serviceAccount, Collection<ApiRequest> requests) {
        return grants(serviceAccount).stream().filter(g -> requests.stream().noneMatch(g::matches)).distinct().toList();
    }

    /** Every grant bound to the ServiceAccount, one verb and resource each. */
    public List<Grant> grants(String serviceAccount) {
        return grantsByServiceAccount.getOrDefault(qualified(serviceAccount), List.of());
    }

    /** Every grant of every Role and ClusterRole in the manifests, bound or not. */
    public List<Grant> allGrants() {
        return allGrants;
    }

    public java.util.Set<String> serviceAccounts() {
        return grantsByServiceAccount.keySet();
    }

    /** The ServiceAccount of a Spotwise service from its User-Agent: {@code spotwise-watcher/0.1.0} → {@code spotwise/spotwise-watcher}. */
    public static Optional<String> serviceAccountOfUserAgent(String userAgent) {
        Matcher m = USER_AGENT.matcher(userAgent == null ? "" : userAgent);
        return m.find() ? Optional.of("spotwise/spotwise-" + m.group(1)) : Optional.empty();
    }

    static String qualified(String serviceAccount) {
        return serviceAccount.contains("/") ? serviceAccount : "spotwise/" + serviceAccount;
    }

    private static List<Grant> rulesOf(RoleRef ref, String bindingNamespace, Map<String, Role> roles, Map<String, ClusterRole> clusterRoles) {
        if ("Role".equals(ref.getKind())) {
            Role role = roles.get(bindingNamespace + "/" + ref.getName());
            return role == null ? List.of() : expand("Role/" + ref.getName(), bindingNamespace, role.getRules());
        }
        ClusterRole role = clusterRoles.get(ref.getName());
        return role == null ? List.of() : expand("ClusterRole/" + ref.getName(), bindingNamespace, role.getRules());
    }

    private static List<String> serviceAccounts(List<Subject> subjects, String defaultNamespace) {
        return subjects == null ? List.of() : subjects.stream()
                .filter(s -> "ServiceAccount".equals(s.getKind()))
                .map(s -> (s.getNamespace() == null || s.getNamespace().isEmpty() ? defaultNamespace : s.getNamespace()) + "/" + s.getName())
                .toList();
    }

    private static List<Grant> expand(String role, String namespace, List<PolicyRule> rules) {
        List<Grant> grants = new ArrayList<>();
        for (PolicyRule rule : rules == null ? List.<PolicyRule>of() : rules) {
            for (String verb : orEmpty(rule.getVerbs())) {
                for (String url : orEmpty(rule.getNonResourceURLs())) {
                    grants.add(new Grant(role, namespace, verb, "", "", "", url));
                }
                for (String group : orEmpty(rule.getApiGroups())) {
                    for (String resource : orEmpty(rule.getResources())) {
                        List<String> names = orEmpty(rule.getResourceNames()).isEmpty() ? List.of("") : rule.getResourceNames();
                        for (String name : names) {
                            grants.add(new Grant(role, namespace, verb, group, resource, name, ""));
                        }
                    }
                }
            }
        }
        return grants;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
