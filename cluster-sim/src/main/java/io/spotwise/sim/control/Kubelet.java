package io.spotwise.sim.control;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes pods bound to a live node Running and Ready once {@code delay} has passed since binding; finishes graceful
 * termination (a pod with a {@code deletionTimestamp} stays, Running, until that time, then is deleted for good);
 * force-deletes pods bound to nodes that no longer exist (what the pod garbage collector does after a node loss).
 */
final class Kubelet {

    private final KubernetesClient client;
    private final Duration delay;
    private final Map<String, Instant> boundAt = new ConcurrentHashMap<>();

    Kubelet(KubernetesClient client, Duration delay) {
        this.client = client;
        this.delay = delay;
    }

    void bound(String podUid) {
        boundAt.put(podUid, Instant.now());
    }

    /** @return when the next pod becomes due, if one is waiting */
    Optional<Instant> reconcile(ClusterState state, Instant now) {
        Instant next = null;
        var nodes = state.nodeNames();
        for (Pod pod : state.pods()) {
            if (!ClusterState.isBound(pod)) {
                continue;
            }
            String ns = pod.getMetadata().getNamespace();
            String name = pod.getMetadata().getName();
            if (!nodes.contains(pod.getSpec().getNodeName())) {
                client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
                continue;
            }
            String deletion = pod.getMetadata().getDeletionTimestamp();
            if (deletion != null) {
                Instant due = Instant.parse(deletion);
                if (!now.isBefore(due)) {
                    // containers stopped: the kubelet's final delete removes the pod
                    client.pods().inNamespace(ns).withName(name).withGracePeriod(0).delete();
                    boundAt.remove(pod.getMetadata().getUid());
                } else if (next == null || due.isBefore(next)) {
                    next = due;
                }
                continue;
            }
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (!ClusterState.isActive(pod) || "Running".equals(phase)) {
                continue;
            }
            Instant due = boundAt.computeIfAbsent(pod.getMetadata().getUid(), k -> now).plus(delay);
            if (!now.isBefore(due)) {
                start(ns, name, pod.getSpec().getNodeName(), now);
                boundAt.remove(pod.getMetadata().getUid());
            } else if (next == null || due.isBefore(next)) {
                next = due;
            }
        }
        return Optional.ofNullable(next);
    }

    private void start(String ns, String name, String node, Instant now) {
        String ts = now.toString();
        client.pods().inNamespace(ns).withName(name).editStatus(p -> {
            List<PodCondition> conditions = new ArrayList<>();
            for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady")) {
                conditions.add(new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(ts)
                        .build());
            }
            conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("True")
                    .withLastTransitionTime(ts).build());
            List<ContainerStatus> containers = p.getSpec().getContainers().stream().map(c -> new ContainerStatusBuilder()
                    .withName(c.getName()).withImage(c.getImage()).withImageID(String.valueOf(c.getImage()))
                    .withReady(true).withStarted(true).withRestartCount(0)
                    .withContainerID("sim://" + p.getMetadata().getUid() + "/" + c.getName())
                    .withNewState().withNewRunning().withStartedAt(ts).endRunning().endState().build()).toList();
            p.getStatus().setPhase("Running");
            p.getStatus().setConditions(conditions);
            p.getStatus().setContainerStatuses(containers);
            p.getStatus().setHostIP("10.0.0.1");
            p.getStatus().setPodIP("10.1." + (Math.abs(name.hashCode()) % 250) + "." + (Math.abs(ns.hashCode()) % 250));
            p.getStatus().setStartTime(ts);
            p.getStatus().setQosClass("BestEffort");
            return p;
        });
    }
}
