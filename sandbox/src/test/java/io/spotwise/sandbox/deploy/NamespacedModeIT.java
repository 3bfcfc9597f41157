package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** k8s/components/namespaced (built by overlays/namespaced): Spotwise reads and acts only in the listed namespaces. */
@DisplayName("Namespaced mode grants Roles in the listed namespaces only")
class NamespacedModeIT {

    private static final List<HasMetadata> OBJECTS = Kustomize.objects("overlays/namespaced");
    private final RbacRules rules = RbacRules.from(OBJECTS);

    @ParameterizedTest(name = "{0}: {1} {2} → {3}")
    @CsvSource({
            "spotwise-actuator, POST,  /api/v1/namespaces/team-a/pods/web-1/eviction,           true",
            "spotwise-actuator, PATCH, /apis/apps/v1/namespaces/team-b/deployments/web,         true",
            "spotwise-actuator, POST,  /api/v1/namespaces/team-a/events,                        true",
            "spotwise-actuator, POST,  /api/v1/namespaces/kube-system/pods/coredns-1/eviction,  false",
            "spotwise-actuator, PATCH, /apis/apps/v1/namespaces/payments/deployments/api,       false",
            "spotwise-actuator, GET,   /api/v1/namespaces/payments/pods/api-1,                  false",
            "spotwise-watcher,  GET,   /api/v1/namespaces/team-a/pods?watch=true,               true",
            "spotwise-watcher,  GET,   /apis/apps/v1/namespaces/team-b/statefulsets?watch=true, true",
            "spotwise-watcher,  GET,   /api/v1/nodes?watch=true,                                true",
            "spotwise-watcher,  GET,   /api/v1/pods?watch=true,                                 false",
            "spotwise-watcher,  GET,   /api/v1/namespaces/payments/pods?watch=true,             false",
    })
    @DisplayName("the actuator and the watcher are allowed in team-a and team-b, nowhere else")
    void onlyListedNamespaces(String serviceAccount, String method, String path, boolean allowed) {
        assertThat(rules.allows(serviceAccount, ApiRequest.fromHttp(method, path))).isEqualTo(allowed);
    }

    @Test
    @DisplayName("the watcher watches exactly the namespaces that have Roles, and the actuator's Roles hold the base's rules")
    void listsAgree() {
        Set<String> withRoles = new TreeSet<>();
        Kustomize.all(OBJECTS, Role.class).stream().filter(r -> !r.getMetadata().getNamespace().equals("spotwise"))
                .forEach(r -> withRoles.add(r.getMetadata().getNamespace()));
        ConfigMap watcher = Kustomize.find(OBJECTS, ConfigMap.class, "spotwise-watcher-config");

        assertThat(withRoles).containsExactly("team-a", "team-b");
        assertThat(Set.of(watcher.getData().get("SPOTWISE_WATCHER_NAMESPACES_INCLUDE").split(","))).isEqualTo(withRoles);
        RbacRules base = RbacRules.fromYaml(Kustomize.build("base"));
        for (String ns : withRoles) {
            assertThat(rules.grants("spotwise-actuator").stream().filter(g -> g.namespace().equals(ns) && g.role().contains("spotwise-actuator"))
                    .map(g -> g.verb() + " " + g.apiGroup() + "/" + g.resource()).sorted().toList())
                    .isEqualTo(base.grants("spotwise-actuator").stream().filter(g -> g.role().contains("spotwise-actuator")).map(g -> g.verb() + " " + g.apiGroup() + "/" + g.resource()).sorted().toList());
        }
    }
}
