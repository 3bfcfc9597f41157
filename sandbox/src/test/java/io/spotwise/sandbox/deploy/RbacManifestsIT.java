package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Each service's ServiceAccount holds least-privilege RBAC")
class RbacManifestsIT {

    private final RbacRules rules = RbacRules.fromYaml(Kustomize.build("base"));

    @Test
    @DisplayName("no role grants a wildcard, secrets, or pod delete")
    void nothingDangerous() {
        assertThat(rules.allGrants()).isNotEmpty().allSatisfy(g -> {
            assertThat(List.of(g.verb(), g.apiGroup(), g.resource())).as("%s", g).doesNotContain("*");
            assertThat(g.resource()).as("%s", g).doesNotContain("*").isNotEqualTo("secrets");
            assertThat(g.verb()).as("%s", g).isNotIn("delete", "deletecollection", "escalate", "bind", "impersonate");
        });
    }

    @Test
    @DisplayName("exactly the three service accounts are bound to anything")
    void onlyOurServiceAccounts() {
        assertThat(rules.serviceAccounts())
                .containsExactlyInAnyOrder("spotwise/spotwise-watcher", "spotwise/spotwise-decider", "spotwise/spotwise-actuator");
    }

    @ParameterizedTest(name = "{0}: {1} {2} → {3}")
    @CsvSource({
            // watcher lists and watches the five kinds everywhere (informers, never a single get), writes nothing but its Lease
            "spotwise-watcher,  GET,    /api/v1/pods?watch=true,                                          true",
            "spotwise-watcher,  GET,    /api/v1/nodes,                                                    true",
            "spotwise-watcher,  GET,    /apis/apps/v1/replicasets,                                        true",
            "spotwise-watcher,  GET,    /apis/apps/v1/deployments?watch=true,                             true",
            "spotwise-watcher,  GET,    /apis/apps/v1/namespaces/shop/statefulsets?watch=true,            true",
            "spotwise-watcher,  GET,    /apis/apps/v1/namespaces/shop/statefulsets/db,                    false",
            "spotwise-watcher,  PATCH,  /apis/apps/v1/namespaces/shop/deployments/web,                    false",
            "spotwise-watcher,  POST,   /api/v1/namespaces/shop/pods/web-1/eviction,                      false",
            "spotwise-watcher,  GET,    /api/v1/namespaces/shop/secrets,                                  false",
            "spotwise-watcher,  PATCH,  /apis/coordination.k8s.io/v1/namespaces/spotwise/leases/spotwise-watcher, true",
            "spotwise-watcher,  PATCH,  /apis/coordination.k8s.io/v1/namespaces/spotwise/leases/spotwise-decider, false",
            // decider: its Lease and nothing else (it learns the cluster from Kafka)
            "spotwise-decider,  POST,   /apis/coordination.k8s.io/v1/namespaces/spotwise/leases,          true",
            "spotwise-decider,  GET,    /apis/coordination.k8s.io/v1/namespaces/spotwise/leases/spotwise-decider, true",
            "spotwise-decider,  PATCH,  /apis/coordination.k8s.io/v1/namespaces/spotwise/leases/spotwise-decider, true",
            "spotwise-decider,  PUT,    /apis/coordination.k8s.io/v1/namespaces/spotwise/leases/spotwise-decider, false",
            "spotwise-decider,  DELETE, /apis/coordination.k8s.io/v1/namespaces/spotwise/leases/spotwise-decider, false",
            "spotwise-decider,  POST,   /apis/coordination.k8s.io/v1/namespaces/kube-system/leases,       false",
            "spotwise-decider,  GET,    /api/v1/pods,                                                     false",
            "spotwise-decider,  GET,    /api/v1/namespaces/shop/pods/web-1,                               false",
            // actuator: re-check a pod, evict it, patch the workload, write Events — never delete
            "spotwise-actuator, GET,    /api/v1/namespaces/shop/pods/web-1,                               true",
            "spotwise-actuator, POST,   /api/v1/namespaces/shop/pods/web-1/eviction,                      true",
            "spotwise-actuator, DELETE, /api/v1/namespaces/shop/pods/web-1,                               false",
            "spotwise-actuator, GET,    /api/v1/pods,                                                     false",
            "spotwise-actuator, PATCH,  /apis/apps/v1/namespaces/shop/deployments/web,                    true",
            "spotwise-actuator, PATCH,  /apis/apps/v1/namespaces/shop/statefulsets/db,                    true",
            "spotwise-actuator, PUT,    /apis/apps/v1/namespaces/shop/deployments/web,                    false",
            "spotwise-actuator, POST,   /api/v1/namespaces/shop/events,                                   true",
            "spotwise-actuator, GET,    /api/v1/namespaces/shop/events/web-1.17f,                         true",
            "spotwise-actuator, PATCH,  /api/v1/namespaces/shop/events/web-1.17f,                         true",
            "spotwise-actuator, POST,   /apis/coordination.k8s.io/v1/namespaces/spotwise/leases,          false",
            "spotwise-actuator, PATCH,  /api/v1/namespaces/shop/pods/web-1,                               true",
            "spotwise-actuator, PATCH,  /api/v1/namespaces/shop/pods/web-1/status,                        false",
            "spotwise-actuator, GET,    /api/v1/namespaces/spotwise/secrets/spotwise-decider-webhook-tls, false",
    })
    @DisplayName("each service may do what it needs and is refused what it does not")
    void serviceAccountTable(String serviceAccount, String method, String path, boolean allowed) {
        assertThat(rules.allows(serviceAccount, ApiRequest.fromHttp(method, path))).isEqualTo(allowed);
    }
}
