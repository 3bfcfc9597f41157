package io.spotwise.watcher;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;

/** Kubernetes objects as a control plane would have made them, for the mock API server. */
final class ClusterObjects {

    static final String PREFIX = "spotwise.io";

    private ClusterObjects() {
    }

    static Deployment deployment(String ns, String name, Map<String, String> labels, Map<String, String> annotations, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec().endTemplate().endSpec().build();
    }

    static StatefulSet statefulSet(String ns, String name, Map<String, String> labels, int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("postgres").endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** A ReplicaSet; {@code deployment} null makes it bare. */
    static ReplicaSet replicaSet(String ns, String name, String deployment) {
        ReplicaSetBuilder b = new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("rs", name).endSelector().endSpec();
        if (deployment != null) {
            b.editMetadata().addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                    .withName(deployment).withUid("uid-" + deployment).withController(true).build()).endMetadata();
        }
        return b.build();
    }

    /** A pod owned by {@code ownerKind/ownerName} (null: bare), running and ready on {@code node} (null: unbound, Pending). */
    static Pod pod(String ns, String name, String ownerKind, String ownerName, Map<String, String> labels, String node) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("c").withImage("nginx").endContainer().endSpec();
        if (ownerKind != null) {
            b.editMetadata().addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(ownerKind)
                    .withName(ownerName).withUid("uid-" + ownerName).withController(true).build()).endMetadata();
        }
        if (node != null) {
            b.withNewStatus().withPhase("Running")
                    .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                    .addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build()).endStatus();
        } else {
            b.withNewStatus().withPhase("Pending")
                    .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable").build())
                    .endStatus();
        }
        return b.build();
    }

    static Node node(String name, String capacityType) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().endSpec();
        if (capacityType != null) {
            b.editMetadata().addToLabels(PREFIX + "/capacity-type", capacityType).endMetadata();
        }
        return b.build();
    }
}
