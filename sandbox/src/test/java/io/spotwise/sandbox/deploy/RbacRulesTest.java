package io.spotwise.sandbox.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("RbacRules answers as the Kubernetes RBAC authorizer would")
class RbacRulesTest {

    private static final String MANIFESTS = """
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: reader
            rules:
              - apiGroups: [""]
                resources: ["pods"]
                verbs: ["get", "list", "watch"]
              - apiGroups: [""]
                resources: ["pods/eviction"]
                verbs: ["create"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRoleBinding
            metadata:
              name: reader
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
            subjects: [{kind: ServiceAccount, name: app, namespace: spotwise}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata:
              name: lease
              namespace: spotwise
            rules:
              - apiGroups: ["coordination.k8s.io"]
                resources: ["leases"]
                verbs: ["create"]
              - apiGroups: ["coordination.k8s.io"]
                resources: ["leases"]
                resourceNames: ["app"]
                verbs: ["get", "update"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: lease
              namespace: spotwise
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: lease}
            subjects: [{kind: ServiceAccount, name: app, namespace: spotwise}]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: patcher
            rules:
              - apiGroups: ["apps"]
                resources: ["deployments"]
                verbs: ["patch"]
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: RoleBinding
            metadata:
              name: patcher
              namespace: shop
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: patcher}
            subjects: [{kind: ServiceAccount, name: app, namespace: spotwise}]
            """;

    private static final RbacRules RULES = RbacRules.fromYaml(MANIFESTS);

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "GET,    /api/v1/namespaces/shop/pods/web-1,                           true",
            "GET,    /api/v1/pods,                                                 true",
            "GET,    /api/v1/pods?watch=true&resourceVersion=5,                    true",
            "DELETE, /api/v1/namespaces/shop/pods/web-1,                           false",
            "POST,   /api/v1/namespaces/shop/pods/web-1/eviction,                  true",
            "PATCH,  /api/v1/namespaces/shop/pods/web-1/status,                    false",
            "GET,    /api/v1/namespaces/shop/secrets/token,                        false",
            "POST,   /apis/coordination.k8s.io/v1/namespaces/spotwise/leases,      true",
            "GET,    /apis/coordination.k8s.io/v1/namespaces/spotwise/leases/app,  true",
            "PUT,    /apis/coordination.k8s.io/v1/namespaces/spotwise/leases/app,  true",
            "GET,    /apis/coordination.k8s.io/v1/namespaces/spotwise/leases/other, false",
            "GET,    /apis/coordination.k8s.io/v1/namespaces/spotwise/leases,      false",
            "POST,   /apis/coordination.k8s.io/v1/namespaces/shop/leases,          false",
            "PATCH,  /apis/apps/v1/namespaces/shop/deployments/web,                true",
            "PATCH,  /apis/apps/v1/namespaces/other/deployments/web,               false",
            "PATCH,  /apis/apps/v1/namespaces/shop/statefulsets/db,                false",
            "GET,    /version,                                                     true",
            "GET,    /apis,                                                        true",
            "GET,    /metrics,                                                     false",
    })
    @DisplayName("a request is allowed only by a rule of a role bound to the ServiceAccount, in the binding's scope")
    void allowsLikeTheAuthorizer(String method, String path, boolean allowed) {
        assertThat(RULES.allows("spotwise/app", ApiRequest.fromHttp(method, path))).isEqualTo(allowed);
    }

    @Test
    @DisplayName("the six-argument form answers for collection requests and subresources")
    void sixArgumentForm() {
        assertThat(RULES.allows("app", "list", "", "pods", "", "")).isTrue();
        assertThat(RULES.allows("app", "create", "", "pods", "eviction", "shop")).isTrue();
        assertThat(RULES.allows("app", "delete", "", "pods", "", "shop")).isFalse();
        assertThat(RULES.allows("app", "get", "coordination.k8s.io", "leases", "", "spotwise"))
                .as("a get without a name is not covered by a rule limited to resourceNames").isFalse();
        assertThat(RULES.allows("spotwise/nobody", "list", "", "pods", "", "")).isFalse();
    }

    @Test
    @DisplayName("HTTP requests map to RBAC verbs, resources, subresources and namespaces")
    void parsesHttpRequests() {
        assertThat(ApiRequest.fromHttp("GET", "/api/v1/namespaces/shop/pods?watch=1"))
                .isEqualTo(ApiRequest.resource("watch", "", "pods", "", "shop", ""));
        assertThat(ApiRequest.fromHttp("POST", "/api/v1/namespaces/shop/pods/web-1/eviction"))
                .isEqualTo(ApiRequest.resource("create", "", "pods", "eviction", "shop", "web-1"));
        assertThat(ApiRequest.fromHttp("DELETE", "/apis/apps/v1/namespaces/shop/deployments"))
                .isEqualTo(ApiRequest.resource("deletecollection", "apps", "deployments", "", "shop", ""));
        assertThat(ApiRequest.fromHttp("GET", "/api/v1/nodes/n1"))
                .isEqualTo(ApiRequest.resource("get", "", "nodes", "", "", "n1"));
        assertThat(ApiRequest.fromHttp("GET", "/apis/apps/v1").isResourceRequest()).isFalse();
    }

    @Test
    @DisplayName("unusedGrants lists exactly the grants no recorded request needed")
    void listsUnusedGrants() {
        List<ApiRequest> recorded = List.of(
                ApiRequest.fromHttp("GET", "/api/v1/pods"),
                ApiRequest.fromHttp("GET", "/api/v1/pods?watch=true"),
                ApiRequest.fromHttp("POST", "/apis/coordination.k8s.io/v1/namespaces/spotwise/leases"),
                ApiRequest.fromHttp("GET", "/apis/coordination.k8s.io/v1/namespaces/spotwise/leases/app"),
                ApiRequest.fromHttp("PUT", "/apis/coordination.k8s.io/v1/namespaces/spotwise/leases/app"));

        assertThat(RULES.unusedGrants("app", recorded)).extracting(RbacRules.Grant::toString).containsExactlyInAnyOrder(
                "ClusterRole/reader: get pods (cluster-wide)",
                "ClusterRole/reader: create pods/eviction (cluster-wide)",
                "ClusterRole/patcher: patch apps/deployments in shop");
        assertThat(RULES.denied("app", recorded)).isEmpty();
    }

    @Test
    @DisplayName("denied lists the recorded requests the ServiceAccount may not make")
    void listsDeniedRequests() {
        ApiRequest delete = ApiRequest.fromHttp("DELETE", "/api/v1/namespaces/shop/pods/web-1");

        assertThat(RULES.denied("app", List.of(ApiRequest.fromHttp("GET", "/api/v1/pods"), delete))).containsExactly(delete);
    }

    @Test
    @DisplayName("a Spotwise User-Agent names its ServiceAccount")
    void userAgentToServiceAccount() {
        assertThat(RbacRules.serviceAccountOfUserAgent("spotwise-actuator/0.1.0-SNAPSHOT")).contains("spotwise/spotwise-actuator");
        assertThat(RbacRules.serviceAccountOfUserAgent("kubectl/v1.32.4 (linux/amd64)")).isEmpty();
    }
}
