package io.spotwise.sim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

/** Small objects the tests create. */
final class Fixtures {

    private Fixtures() {
    }

    static Pod pod(String name, String app) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("nginx").endContainer().endSpec().build();
    }

    static Deployment deployment(String name, int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("nginx:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    static StatefulSet statefulSet(String name, int replicas) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withServiceName(name)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("main").withImage("redis:7").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }
}
