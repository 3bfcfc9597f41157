package io.spotwise.decider.support;

/** Real admission.k8s.io/v1 AdmissionReview documents, as an API server sends them for a pod CREATE. */
public final class Reviews {

    private Reviews() {
    }

    /** A pod of ReplicaSet {@code <deployment>-5d4f8b7c9} with unknown fields, a big integer and an exotic decimal. */
    public static String podCreate(String uid, String namespace, String deployment, boolean dryRun, String operation) {
        String rs = deployment + "-5d4f8b7c9";
        return """
            {
              "kind": "AdmissionReview",
              "apiVersion": "admission.k8s.io/v1",
              "request": {
                "uid": "%1$s",
                "kind": {"group": "", "version": "v1", "kind": "Pod"},
                "resource": {"group": "", "version": "v1", "resource": "pods"},
                "requestKind": {"group": "", "version": "v1", "kind": "Pod"},
                "requestResource": {"group": "", "version": "v1", "resource": "pods"},
                "namespace": "%2$s",
                "operation": "%5$s",
                "userInfo": {"username": "system:serviceaccount:kube-system:replicaset-controller", "groups": ["system:serviceaccounts"]},
                "object": {
                  "apiVersion": "v1",
                  "kind": "Pod",
                  "metadata": {
                    "generateName": "%3$s-",
                    "namespace": "%2$s",
                    "labels": {"app": "%3$s", "pod-template-hash": "5d4f8b7c9"},
                    "annotations": {"example.com/big": "12345678901234567890123"},
                    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "%4$s",
                                          "uid": "0b7c1f2e-1111-2222-3333-444455556666", "controller": true, "blockOwnerDeletion": true}],
                    "x-unknown-metadata": {"keep": [1, 2, 3]}
                  },
                  "spec": {
                    "containers": [{"name": "app", "image": "nginx:1.27",
                                    "resources": {"requests": {"cpu": "250m", "memory": "64Mi"}}}],
                    "tolerations": [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}],
                    "terminationGracePeriodSeconds": 123456789012345678901234567890,
                    "x-future-field": {"ratio": 0.10000000000000000000000001, "flag": true}
                  },
                  "status": {}
                },
                "oldObject": null,
                "dryRun": %6$s,
                "options": {"kind": "CreateOptions", "apiVersion": "meta.k8s.io/v1"}
              }
            }
            """.formatted(uid, namespace, deployment, rs, operation, dryRun);
    }

    public static String podCreate(String uid, String namespace, String deployment) {
        return podCreate(uid, namespace, deployment, false, "CREATE");
    }
}
